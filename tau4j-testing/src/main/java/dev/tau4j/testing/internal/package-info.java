/**
 * Implementation details of tau4j. Not supported API: these types may change or disappear in any
 * release, without notice. Applications and third-party backends must not use them.
 */
package dev.tau4j.testing.internal;
