/**
 * tau4j's Spring Boot starter: {@link dev.tau4j.spring.boot.Tau4jSessionAutoConfiguration} and its
 * {@code tau4j.session.*} properties.
 */
package dev.tau4j.spring.boot;
