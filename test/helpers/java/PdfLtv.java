import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Test producer of PAdES long-term material made by Apache PDFBox 2 and Bouncy Castle alone (never by Sigla), each
 * in a new incremental revision of a signed PDF:
 *
 *   dss IN OUT [--cert F.der]... [--ocsp F.der]... [--crl F.der]...
 *     a Document Security Store (ETSI EN 319 142-1 §5.4.2): /Certs, /OCSPs, /CRLs (Flate-compressed streams) and a
 *     /VRI entry for the last signature, keyed by the upper-case hex SHA-1 of its /Contents (as PDFBox's
 *     AddValidationInformation example does), naming the same streams;
 *   ts IN OUT TSA_URL
 *     a document time-stamp (/SubFilter /ETSI.RFC3161, EN 319 142-1 §5.4.3) from the TSA at TSA_URL.
 */
public class PdfLtv {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("dss")) dss(args);
    else if (args[0].equals("ts")) ts(args[1], args[2], args[3]);
    else throw new IllegalArgumentException("mode: dss | ts");
  }

  static COSStream stream(PDDocument doc, byte[] der) throws Exception {
    COSStream s = doc.getDocument().createCOSStream();
    try (OutputStream os = s.createOutputStream(COSName.FLATE_DECODE)) {
      os.write(der);
    }
    s.setNeedToBeUpdated(true);
    return s;
  }

  static void dss(String[] args) throws Exception {
    byte[] in = Files.readAllBytes(Paths.get(args[1]));
    try (PDDocument doc = PDDocument.load(in)) {
      List<PDSignature> sigs = doc.getSignatureDictionaries();
      PDSignature last = sigs.get(sigs.size() - 1);
      byte[] contents = last.getContents(in);
      StringBuilder key = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-1").digest(contents)) key.append(String.format("%02X", b));
      COSArray certs = new COSArray();
      COSArray ocsps = new COSArray();
      COSArray crls = new COSArray();
      for (int i = 3; i + 1 < args.length; i += 2) {
        COSStream s = stream(doc, Files.readAllBytes(Paths.get(args[i + 1])));
        switch (args[i]) {
          case "--cert": certs.add(s); break;
          case "--ocsp": ocsps.add(s); break;
          case "--crl": crls.add(s); break;
          default: throw new IllegalArgumentException(args[i]);
        }
      }
      for (COSArray a : new COSArray[] {certs, ocsps, crls}) a.setNeedToBeUpdated(true);
      COSDictionary vriEntry = new COSDictionary();
      vriEntry.setItem(COSName.getPDFName("Cert"), certs);
      vriEntry.setItem(COSName.getPDFName("OCSP"), ocsps);
      vriEntry.setItem(COSName.getPDFName("CRL"), crls);
      vriEntry.setNeedToBeUpdated(true);
      COSDictionary vri = new COSDictionary();
      vri.setItem(COSName.getPDFName(key.toString()), vriEntry);
      vri.setNeedToBeUpdated(true);
      COSDictionary dss = new COSDictionary();
      dss.setItem(COSName.getPDFName("Certs"), certs);
      dss.setItem(COSName.getPDFName("OCSPs"), ocsps);
      dss.setItem(COSName.getPDFName("CRLs"), crls);
      dss.setItem(COSName.getPDFName("VRI"), vri);
      dss.setNeedToBeUpdated(true);
      COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
      catalog.setItem(COSName.getPDFName("DSS"), dss);
      catalog.setNeedToBeUpdated(true);
      try (FileOutputStream out = new FileOutputStream(new File(args[2]))) {
        doc.saveIncremental(out);
      }
    }
  }

  static void ts(String inFile, String outFile, String tsaUrl) throws Exception {
    byte[] in = Files.readAllBytes(Paths.get(inFile));
    try (PDDocument doc = PDDocument.load(in)) {
      PDSignature sig = new PDSignature();
      sig.setType(COSName.getPDFName("DocTimeStamp"));
      sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      sig.setSubFilter(COSName.getPDFName("ETSI.RFC3161"));
      SignatureOptions options = new SignatureOptions();
      options.setPreferredSignatureSize(20000);
      doc.addSignature(sig, (InputStream content) -> {
        try {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          content.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md));
          TimeStampRequestGenerator rg = new TimeStampRequestGenerator();
          rg.setCertReq(true);
          TimeStampRequest req = rg.generate(TSPAlgorithms.SHA256, md.digest(), java.math.BigInteger.valueOf(System.nanoTime()));
          HttpURLConnection c = (HttpURLConnection) new URL(tsaUrl).openConnection();
          c.setDoOutput(true);
          c.setRequestMethod("POST");
          c.setRequestProperty("Content-Type", "application/timestamp-query");
          try (OutputStream os = c.getOutputStream()) {
            os.write(req.getEncoded());
          }
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          try (InputStream is = c.getInputStream()) {
            is.transferTo(body);
          }
          TimeStampResponse resp = new TimeStampResponse(body.toByteArray());
          resp.validate(req);
          return resp.getTimeStampToken().getEncoded();
        } catch (Exception e) {
          throw new java.io.IOException(e);
        }
      }, options);
      try (FileOutputStream out = new FileOutputStream(new File(outFile))) {
        doc.saveIncremental(out);
      }
    }
  }
}
