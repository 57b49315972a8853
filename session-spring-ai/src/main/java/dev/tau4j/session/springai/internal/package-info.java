/**
 * Implementation details of tau4j's Spring AI adapter. Not supported API: these types may change or
 * disappear in any release, without notice.
 */
package dev.tau4j.session.springai.internal;
