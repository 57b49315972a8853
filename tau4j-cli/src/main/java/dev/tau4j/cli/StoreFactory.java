package dev.tau4j.cli;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/** Opens the store a command works on. */
@FunctionalInterface
public interface StoreFactory {

    /**
     * A {@link PostgresSessionStore} for {@code --url} and {@code --schema}. The password comes from
     * {@code --password-file} or the environment, never from the URL: a URL holding one is refused, so it does
     * not end up in shell history or the process list.
     */
    StoreFactory POSTGRES = (options, environment) -> {
        if (options.url() == null) {
            throw new IllegalArgumentException("give the database with --url (JDBC or postgres:// form)");
        }
        PostgresUrl url = PostgresUrl.parse(options.url());
        if (url.password() != null) {
            throw new IllegalArgumentException("the --url holds a password: put it in " + StoreOptions.PASSWORD_VARIABLE
                    + " or a file given with --password-file instead");
        }
        String password = environment.get(StoreOptions.PASSWORD_VARIABLE);
        if (options.passwordFile() != null) {
            try {
                password = Files.readString(options.passwordFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password file", e);
            }
        }
        PostgresUrl withPassword = PostgresUrl.of(url.host(), url.port(), url.database(), url.user(), password,
                url.parameters());
        return PostgresSessionStore.builder().url(withPassword).schema(options.schema())
                .migration(options.migrate() ? MigrationMode.MIGRATE : MigrationMode.VALIDATE).build();
    };

    SessionStore open(StoreOptions options, Map<String, String> environment);
}
