package dev.tau4j.bench;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One benchmark thread appending the way an agent does: every append is a child of the last entry this
 * thread wrote in that session (the first one is a root), so the parent is checked on every append. Each
 * thread also has a session of its own. The chains start over with every iteration, after
 * {@link StoreUnderTest#deleteWrites()} has deleted the sessions.
 */
@State(Scope.Thread)
public class Writer {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SessionPath own = Workload.WRITES.child("thread-" + THREADS.incrementAndGet());
    private long sharedParent;
    private long ownParent;

    @Setup(Level.Iteration)
    public void startOver() {
        sharedParent = 0;
        ownParent = 0;
    }

    /** Appends {@code messages} to {@link Workload#SHARED}, the session every thread writes to. */
    List<SessionEntry> appendToShared(SessionStore store, List<Message> messages) {
        List<SessionEntry> written = store.append(append(Workload.SHARED, sharedParent, messages).build());
        sharedParent = written.get(written.size() - 1).id();
        return written;
    }

    /** Like {@link #appendToShared}, with a new idempotency key on every append, as a retrying caller sends. */
    List<SessionEntry> appendToSharedKeyed(SessionStore store, List<Message> messages) {
        List<SessionEntry> written = store.append(append(Workload.SHARED, sharedParent, messages)
                .idempotencyKey(UUID.randomUUID().toString()).build());
        sharedParent = written.get(written.size() - 1).id();
        return written;
    }

    /** Appends {@code messages} to this thread's own session. */
    List<SessionEntry> appendToOwn(SessionStore store, List<Message> messages) {
        List<SessionEntry> written = store.append(append(own, ownParent, messages).build());
        ownParent = written.get(written.size() - 1).id();
        return written;
    }

    private static Append.Builder append(SessionPath path, long parent, List<Message> messages) {
        Append.Builder append = Append.to(path).messages(messages);
        if (parent > 0) {
            append.under(parent);
        }
        return append;
    }
}
