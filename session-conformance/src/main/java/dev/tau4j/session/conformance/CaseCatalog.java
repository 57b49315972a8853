package dev.tau4j.session.conformance;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The conformance cases a binding class must run, found by reflection over its {@code @Nested} classes
 * (the kit's, and any the binding adds). This is the expected set the run is checked against.
 */
final class CaseCatalog {

    /** The cases of Tau's spec; a kit without them is broken, whatever else it holds. */
    static final List<String> CONTRACTUAL_IDS = List.of("C-02", "C-03", "C-04");

    private static final Pattern ID = Pattern.compile("C-\\d{2,}");

    /** Orders case ids by their number: C-9 before C-10. */
    static final Comparator<String> ID_ORDER = Comparator.comparingLong(CaseCatalog::number)
            .thenComparing(Comparator.naturalOrder());

    /**
     * One expected case.
     *
     * @param group the display name of the {@code @Nested} class holding it
     */
    record Case(String id, String name, boolean required, String group, Method method) {
    }

    private CaseCatalog() {
    }

    /**
     * Every case of {@code bindingClass}, in id order.
     *
     * @throws IllegalStateException when the cases are malformed: a bad or duplicate id, a display name
     *                               that does not start with the id, a contractual id missing
     */
    static List<Case> of(Class<?> bindingClass) {
        List<Case> cases = new ArrayList<>();
        collect(bindingClass, null, cases);
        List<String> problems = new ArrayList<>();
        Map<String, Case> byId = new HashMap<>();
        for (Case c : cases) {
            if (!ID.matcher(c.id()).matches()) {
                problems.add(c.method() + ": case id '" + c.id() + "' is not of the form C-NN");
            }
            Case previous = byId.putIfAbsent(c.id(), c);
            if (previous != null) {
                problems.add("case id " + c.id() + " is used twice: " + previous.method() + " and " + c.method());
            }
        }
        for (String id : CONTRACTUAL_IDS) {
            Case c = byId.get(id);
            if (c == null) {
                problems.add("contractual case " + id + " is missing");
            } else if (!c.required()) {
                problems.add("contractual case " + id + " must be required");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("malformed conformance cases: " + String.join("; ", problems));
        }
        cases.sort(Comparator.comparing(Case::id, ID_ORDER));
        return List.copyOf(cases);
    }

    private static void collect(Class<?> container, String group, List<Case> into) {
        if (group != null) {
            for (Method method : ReflectionSupport.findMethods(container,
                    m -> m.isAnnotationPresent(ConformanceCase.class), HierarchyTraversalMode.TOP_DOWN)) {
                into.add(describe(method, group));
            }
        }
        for (Class<?> nested : ReflectionSupport.findNestedClasses(container, c -> c.isAnnotationPresent(Nested.class))) {
            collect(nested, displayName(nested), into);
        }
    }

    private static Case describe(Method method, String group) {
        ConformanceCase annotation = method.getAnnotation(ConformanceCase.class);
        String id = annotation.id();
        DisplayName displayName = method.getAnnotation(DisplayName.class);
        if (displayName == null || !displayName.value().startsWith(id + " ")) {
            throw new IllegalStateException("malformed conformance cases: " + method
                    + " needs a @DisplayName starting with '" + id + " '");
        }
        String name = displayName.value().substring(id.length() + 1).strip();
        return new Case(id, name, annotation.required(), group, method);
    }

    private static String displayName(Class<?> nested) {
        DisplayName name = nested.getAnnotation(DisplayName.class);
        return name == null ? nested.getSimpleName() : name.value();
    }

    private static long number(String id) {
        String digits = id.startsWith("C-") ? id.substring(2) : "";
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
