import java.io.File;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.ValidationResult.ValidationError;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

/**
 * Apache PDFBox Preflight, the PDF/A-1b validator (ISO 19005-1), over each file named: one line "FILE\tVALID" or
 * "FILE\tINVALID", then one line per error, "  CODE DETAILS". Used by test/helpers/pdfaPreflight.ts.
 */
public class PdfaPreflight {
  public static void main(String[] args) throws Exception {
    for (String f : args) {
      ValidationResult result;
      PreflightParser parser = new PreflightParser(new File(f));
      try {
        parser.parse();
        try (PreflightDocument doc = parser.getPreflightDocument()) {
          doc.validate();
          result = doc.getResult();
        }
      } catch (SyntaxValidationException e) {
        result = e.getResult();
      }
      System.out.println(f + "\t" + (result.isValid() ? "VALID" : "INVALID"));
      for (ValidationError e : result.getErrorsList()) {
        System.out.println("  " + e.getErrorCode() + " " + String.valueOf(e.getDetails()).replace('\n', ' '));
      }
    }
  }
}
