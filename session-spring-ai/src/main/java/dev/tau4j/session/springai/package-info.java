/**
 * Spring AI over tau4j: {@link dev.tau4j.session.springai.SessionChatMemoryRepository}, an append-only
 * {@code ChatMemoryRepository} over any {@code SessionStore}, and
 * {@link dev.tau4j.session.springai.SessionUsageAdvisor}, which records each response's token usage and cost.
 */
package dev.tau4j.session.springai;
