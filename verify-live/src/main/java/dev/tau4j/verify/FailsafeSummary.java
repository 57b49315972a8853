package dev.tau4j.verify;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The counts Failsafe's {@code integration-test} goal writes to its summary file.
 *
 * @param completed      tests run (including failed and in error, excluding none)
 * @param errors         tests in error
 * @param failures       tests failed
 * @param skipped        tests skipped
 * @param failureMessage what made the run itself fail (e.g. a crashed fork), or {@code null}
 */
public record FailsafeSummary(int completed, int errors, int failures, int skipped, String failureMessage) {

    /** Parses a {@code failsafe-summary.xml}. */
    public static FailsafeSummary read(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            Element root = document.getDocumentElement();
            if (!"failsafe-summary".equals(root.getTagName())) {
                throw new IOException(file + " is not a failsafe summary");
            }
            String message = text(root, "failureMessage");
            return new FailsafeSummary(count(root, "completed"), count(root, "errors"), count(root, "failures"),
                    count(root, "skipped"), message == null || message.isBlank() ? null : message.strip());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("could not parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static int count(Element root, String tag) throws IOException {
        String text = text(root, tag);
        if (text == null || text.isBlank()) {
            throw new IOException("failsafe summary has no <" + tag + ">");
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IOException("failsafe summary <" + tag + "> is not a number", e);
        }
    }

    private static String text(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
