package dev.tau4j.verify;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The counts of one test class, from the report Failsafe writes for it ({@code TEST-<class>.xml}).
 *
 * @param name     the test class, e.g. {@code dev.tau4j.verify.CasesGateIT}
 * @param tests    tests run, nested classes included
 * @param failures tests failed
 * @param errors   tests in error
 * @param skipped  tests skipped
 */
public record TestClassReport(String name, int tests, int failures, int errors, int skipped) {

    /** Whether the class ran at least one test, and every test passed (none skipped). */
    public boolean passed() {
        return tests > 0 && failures == 0 && errors == 0 && skipped == 0;
    }

    /** Parses a Failsafe {@code TEST-<class>.xml}. */
    public static TestClassReport read(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
            if (!"testsuite".equals(root.getTagName())) {
                throw new IOException(file + " is not a test report");
            }
            return new TestClassReport(root.getAttribute("name"), count(root, "tests"), count(root, "failures"),
                    count(root, "errors"), count(root, "skipped"));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("could not parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static int count(Element root, String attribute) throws IOException {
        String text = root.getAttribute(attribute);
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IOException("test report attribute " + attribute + " is not a number", e);
        }
    }
}
