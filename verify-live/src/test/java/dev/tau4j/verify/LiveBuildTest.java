package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The build of this module: the steps that make the live run fail closed cannot be switched off. */
@DisplayName("The live build")
class LiveBuildTest {

    @ParameterizedTest
    @ValueSource(strings = {"forget-earlier-live-runs", "live-gate"})
    @DisplayName("pins skip=false on the stale-evidence clean and on the gate, so no -D...skip property turns them off")
    void cannotBeSkipped(String executionId) throws Exception {
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
