// Checks that an ontology is in the OWL 2 DL profile, with the OWL API's profile checker
// (org.semanticweb.owlapi.profiles.OWL2DLProfile, https://www.w3.org/TR/owl2-profiles/ and the OWL 2 DL
// restrictions of https://www.w3.org/TR/owl2-syntax/). Run with the HermiT jar that owlready2 ships, which bundles
// the OWL API:  java -cp HermiT.jar OwlDlProfile.java ontology.owl
// Prints one line per violation, then "IN PROFILE" or "NOT IN PROFILE".
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.out.println(report.isInProfile() ? "IN PROFILE" : "NOT IN PROFILE");
    }
}
