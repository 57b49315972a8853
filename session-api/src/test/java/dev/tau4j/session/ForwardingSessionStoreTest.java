package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForwardingSessionStoreTest {

    @Test
    @DisplayName("a decorator forwards every SessionStore method, the defaults included, so no fast path or capability is lost")
    void forwardsEveryMethod() throws NoSuchMethodException {
        List<String> missing = Arrays.stream(SessionStore.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> {
                    try {
                        Method own = ForwardingSessionStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                        return own.getDeclaringClass() != ForwardingSessionStore.class;
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::toString)
                .collect(Collectors.toList());
        assertThat(missing).as("SessionStore methods ForwardingSessionStore does not forward").isEmpty();
    }
}
