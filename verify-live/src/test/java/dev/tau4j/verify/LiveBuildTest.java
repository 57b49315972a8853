package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The build of this module: the steps that make the live run fail closed cannot be switched off. */
@DisplayName("The live build")
class LiveBuildTest {

    @Test
    @DisplayName("pins skip=false on the live run, so no -D...skip property turns it off")
    void cannotBeSkipped() throws Exception {
        String executionId = "live-run";
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Path pom = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("pom.xml");
        NodeList executions = factory.newDocumentBuilder().parse(pom.toFile()).getElementsByTagName("execution");
        Element found = null;
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            NodeList ids = execution.getElementsByTagName("id");
            if (ids.getLength() > 0 && executionId.equals(ids.item(0).getTextContent().strip())) {
                found = execution;
            }
        }
        assertThat(found).as("execution " + executionId + " in " + pom).isNotNull();
        NodeList skip = found.getElementsByTagName("skip");
        assertThat(skip.getLength()).as("<skip> of " + executionId).isEqualTo(1);
        assertThat(skip.item(0).getTextContent().strip()).isEqualTo("false");
    }
}
