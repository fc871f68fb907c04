// Independent time-stamp checks for Sigla's tests, with Bouncy Castle only:
//   cades FILE  - each top-level SignerInformation's signature-time-stamp (1.2.840.113549.1.9.16.2.14): the token
//                 validates against its own TSA certificate and its imprint is the SHA of the signature value;
//   tsd FILE    - RFC 5544 TimeStampedData through CMSTimeStampedData: content, imprint chain and token validation.
// Prints one JSON line.
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.cms.CMSTimeStampedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

public class BcTimestampCheck {
  static String q(String s) { return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

  static boolean validates(TimeStampToken t) {
    try {
      Collection<X509CertificateHolder> certs = t.getCertificates().getMatches(t.getSID());
      if (certs.isEmpty()) return false;
      t.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(certs.iterator().next()));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    byte[] bytes = Files.readAllBytes(Paths.get(args[1]));
    if (args[0].equals("tsd")) {
      CMSTimeStampedData tsd = new CMSTimeStampedData(bytes);
      DigestCalculatorProvider dcp = new JcaDigestCalculatorProviderBuilder().setProvider("BC").build();
      TimeStampToken[] tokens = tsd.getTimeStampTokens();
      DigestCalculator calc = tsd.getMessageImprintDigestCalculator(dcp);
      calc.getOutputStream().write(tsd.getContent());
      boolean imprintOk;
      try {
        tsd.validate(dcp, calc.getDigest());
        imprintOk = true;
      } catch (Exception e) {
        imprintOk = false;
      }
      boolean tokensOk = tokens.length > 0;
      for (TimeStampToken t : tokens) tokensOk &= validates(t);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder hex = new StringBuilder();
      for (byte b : sha.digest(tsd.getContent())) hex.append(String.format("%02x", b));
      System.out.println("{\"tokens\":" + tokens.length + ",\"imprintOk\":" + imprintOk + ",\"tokensValid\":" + tokensOk
          + ",\"contentSha256\":" + q(hex.toString()) + ",\"fileName\":" + q(tsd.getFileName()) + "}");
      return;
    }
    CMSSignedData sd = new CMSSignedData(bytes);
    List<String> out = new ArrayList<>();
    for (SignerInformation si : sd.getSignerInfos().getSigners()) {
      AttributeTable ua = si.getUnsignedAttributes();
      Attribute a = ua == null ? null : ua.get(new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.14"));
      if (a == null) { out.add("{\"hasTimestamp\":false}"); continue; }
      for (ASN1Encodable v : a.getAttrValues().toArray()) {
        TimeStampToken t = new TimeStampToken(new CMSSignedData(v.toASN1Primitive().getEncoded("DER")));
        String alg = t.getTimeStampInfo().getMessageImprintAlgOID().getId();
        MessageDigest md = MessageDigest.getInstance(alg, "BC");
        boolean imprint = MessageDigest.isEqual(md.digest(si.getSignature()), t.getTimeStampInfo().getMessageImprintDigest());
        out.add("{\"hasTimestamp\":true,\"imprintMatchesSignature\":" + imprint + ",\"tokenValid\":" + validates(t)
            + ",\"genTime\":" + q(t.getTimeStampInfo().getGenTime().toInstant().toString()) + "}");
      }
    }
    System.out.println("{\"signers\":[" + String.join(",", out) + "]}");
  }
}
