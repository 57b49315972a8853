package dev.tau4j.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.session.springai.SessionChatMemoryRepository;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring AI chat memory on PostgreSQL: tau4j's {@link SessionChatMemoryRepository} against Spring AI's own
 * {@link JdbcChatMemoryRepository}, both driven by Spring AI's {@link MessageWindowChatMemory} through the same
 * conversation on the same database (embedded, fsync on, or {@value BenchPostgres#URL_VARIABLE}), each with a
 * HikariCP pool of its own. A turn is what {@code MessageChatMemoryAdvisor} does per call: add the user message,
 * then the assistant's answer (two {@code saveAll} of the whole window). Per repository and window size it
 * prints the rows written (PostgreSQL's own counters of inserted, updated and deleted tuples in the trial's
 * schema, read after the pool is closed so every backend has flushed them) and the time per turn (mean,
 * median, 95th percentile). Before printing it checks that each repository holds the window Spring AI's
 * {@link InMemoryChatMemoryRepository} holds (types and texts), so both did the same work.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.tau4j.bench.ChatMemoryBenchmark [turns] [output.md]</pre>
 */
public final class ChatMemoryBenchmark {

    private static final int[] WINDOWS = {20, 100};
    private static final List<String> REPOSITORIES =
            List.of("tau4j SessionChatMemoryRepository", "Spring AI JdbcChatMemoryRepository");

    private ChatMemoryBenchmark() {
    }

    /** What one repository did at one window size. */
    record Result(String repository, int window, int turns, long inserted, long updated, long deleted, double[] millis) {
        long rows() {
            return inserted + updated + deleted;
        }
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Path output = args.length > 1 ? Path.of(args[1]) : null;
        List<Result> results = new ArrayList<>();
        String describe;
        try (BenchPostgres postgres = BenchPostgres.start(System.getenv(BenchPostgres.URL_VARIABLE))) {
            describe = postgres.describe();
            System.out.println(describe);
            createSchema(postgres);
            for (String name : REPOSITORIES) {
                run(postgres, name, "warm-up", 20, Math.min(turns, 100)); // warm-up: JIT, pools, caches; not reported
            }
            for (int window : WINDOWS) {
                for (String name : REPOSITORIES) {
                    results.add(run(postgres, name, "bench-" + window, window, turns));
                }
            }
        }
        String table = table(describe, turns, results);
        System.out.println(table);
        if (output != null) {
            Files.writeString(output, table, StandardCharsets.UTF_8);
        }
    }

    private static void createSchema(BenchPostgres postgres) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                InputStream ddl = JdbcChatMemoryRepository.class.getResourceAsStream("schema-postgresql.sql")) {
            statement.execute("create schema " + postgres.schema());
            statement.execute("set search_path to " + postgres.schema());
            statement.execute(new String(ddl.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (HikariDataSource pool = pool(postgres)) {
            PostgresSessionStore.builder().dataSource(pool).schema(postgres.schema()).migration(MigrationMode.MIGRATE)
                    .build().close();
        }
    }

    private static HikariDataSource pool(BenchPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.url().jdbcUrl());
        config.setUsername(postgres.url().user());
        config.setPassword(postgres.url().password());
        config.setSchema(postgres.schema());
        config.setMaximumPoolSize(2);
        config.setPoolName("chat-memory-bench");
        return new HikariDataSource(config);
    }

    private static Result run(BenchPostgres postgres, String name, String conversation, int window, int turns) throws Exception {
        long[] before = counters(postgres);
        double[] millis = new double[turns];
        ChatMemoryRepository reference = new InMemoryChatMemoryRepository();
        ChatMemory expected = MessageWindowChatMemory.builder().chatMemoryRepository(reference).maxMessages(window).build();
        try (HikariDataSource pool = pool(postgres)) {
            PostgresSessionStore store = name.startsWith("tau4j")
                    ? PostgresSessionStore.builder().dataSource(pool).schema(postgres.schema())
                            .migration(MigrationMode.VALIDATE).build()
                    : null;
            ChatMemoryRepository repository = store != null ? SessionChatMemoryRepository.of(store)
                    : JdbcChatMemoryRepository.builder().jdbcTemplate(new JdbcTemplate(pool))
                            .dialect(new PostgresChatMemoryRepositoryDialect()).build();
            ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(window)
                    .build();
            SystemMessage system = new SystemMessage("You are a travel agent. Be brief.");
            memory.add(conversation, system);
            expected.add(conversation, system);
            for (int turn = 0; turn < turns; turn++) {
                UserMessage user = new UserMessage("Question " + turn + ": where should I go in " + (turn % 12 + 1) + "?");
                AssistantMessage answer = new AssistantMessage("Answer " + turn + ": Lyon, by train, about two hours.");
                long start = System.nanoTime();
                memory.add(conversation, user);
                memory.add(conversation, answer);
                millis[turn] = (System.nanoTime() - start) / 1e6;
                expected.add(conversation, user);
                expected.add(conversation, answer);
            }
            // Type and text: JdbcChatMemoryRepository adds a timestamp to each message's metadata.
            if (!typesAndTexts(repository.findByConversationId(conversation))
                    .equals(typesAndTexts(reference.findByConversationId(conversation)))) {
                throw new IllegalStateException(name + " does not hold Spring AI's window at window " + window);
            }
            if (store != null) {
                store.close();
            }
        }
        long[] after = counters(postgres);
        return new Result(name, window, turns, after[0] - before[0], after[1] - before[1], after[2] - before[2], millis);
    }

    private static List<String> typesAndTexts(List<Message> messages) {
        return messages.stream().map(m -> m.getMessageType() + ": " + m.getText()).toList();
    }

    /**
     * Inserted, updated and deleted tuples of every table of the trial's schema, as PostgreSQL counts them.
     * Closed pools' backends flush their counters as they exit; the read is retried until two agree.
     */
    private static long[] counters(BenchPostgres postgres) throws Exception {
        long[] last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            long[] now = new long[3];
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("select coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0),"
                            + " coalesce(sum(n_tup_del), 0) from pg_stat_user_tables where schemaname = '"
                            + postgres.schema() + "'")) {
                rs.next();
                for (int i = 0; i < 3; i++) {
                    now[i] = rs.getLong(i + 1);
                }
            }
            if (Arrays.equals(now, last)) {
                return now;
            }
            last = now;
            Thread.sleep(200);
        }
        throw new SQLException("PostgreSQL's table counters did not settle within 10 s");
    }

    private static String table(String describe, int turns, List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("Spring AI chat memory, ").append(turns).append(" turns (user + assistant message, two saveAll each), ")
                .append(describe).append("\n\n");
        out.append("| repository | window | rows written | per turn | inserted / updated / deleted | ms per turn: mean | median | p95 |\n");
        out.append("|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (Result r : results) {
            double[] sorted = r.millis().clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0);
            out.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.1f | %,d / %,d / %,d | %.2f | %.2f | %.2f |%n",
                    r.repository(), r.window(), r.rows(), (double) r.rows() / r.turns(), r.inserted(), r.updated(),
                    r.deleted(), mean, sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1]));
        }
        return out.toString();
    }
}
