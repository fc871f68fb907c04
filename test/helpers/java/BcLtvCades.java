import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.FileReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;

/**
 * Test producer of CAdES signatures with long-term validation data, made by Bouncy Castle alone (never by Sigla):
 *
 *   sign KEY.pem CERT.pem CHAIN.pem CONTENT OUT TSA_URL
 *     an attached CAdES-BES (SHA-256 with RSA, content-type, message-digest, signing-time, signing-certificate-v2)
 *     whose signature value gets a signature-time-stamp from the TSA at TSA_URL (RFC 3161 over HTTP; `-`: none);
 *   carry IN OUT [--cert F.der]... [--crl F.der]... [--ocsp F.der]...
 *     the same SignedData, signers untouched, with the certificates added to SignedData.certificates, the CRLs to
 *     SignedData.crls and the OCSP responses to SignedData.crls as RevocationInfoChoice other with
 *     id-ri-ocsp-response (RFC 5940 §3), as CAdES B-LT puts them (ETSI EN 319 122-1 §5.5.1/§5.5.2).
 */
public class BcLtvCades {
  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    if (args[0].equals("sign")) sign(args[1], args[2], args[3], args[4], args[5], args[6]);
    else if (args[0].equals("carry")) carry(args);
    else throw new IllegalArgumentException("mode: sign | carry");
  }

  static List<X509CertificateHolder> certs(String pem) throws Exception {
    List<X509CertificateHolder> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new FileReader(pem))) {
      Object o;
      while ((o = p.readObject()) != null) if (o instanceof X509CertificateHolder) out.add((X509CertificateHolder) o);
    }
    return out;
  }

  static void sign(String keyPem, String certPem, String chainPem, String contentFile, String out, String tsaUrl) throws Exception {
    PrivateKey key;
    try (PEMParser p = new PEMParser(new FileReader(keyPem))) {
      key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
    }
    X509CertificateHolder cert = certs(certPem).get(0);
    List<X509CertificateHolder> all = new ArrayList<>();
    all.add(cert);
    all.addAll(certs(chainPem));
    byte[] certHash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    SigningCertificateV2 scv2 = new SigningCertificateV2(new ESSCertIDv2(certHash));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(scv2)));
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    gen.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider("BC")
        .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(v)))
        .build("SHA256withRSA", key, new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(cert)));
    gen.addCertificates(new CollectionStore<>(all));
    CMSSignedData sd = gen.generate(new CMSProcessableByteArray(Files.readAllBytes(Paths.get(contentFile))), true);

    if (tsaUrl.equals("-")) {
      Files.write(Paths.get(out), sd.getEncoded("DER"));
      return;
    }
    SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
    byte[] imprint = MessageDigest.getInstance("SHA-256").digest(si.getSignature());
    TimeStampRequestGenerator rg = new TimeStampRequestGenerator();
    rg.setCertReq(true);
    TimeStampRequest req = rg.generate(TSPAlgorithms.SHA256, imprint, java.math.BigInteger.valueOf(System.nanoTime()));
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
    if (resp.getTimeStampToken() == null) throw new IllegalStateException("TSA refused: " + resp.getStatusString());
    ASN1Primitive token = ASN1Primitive.fromByteArray(resp.getTimeStampToken().getEncoded());
    ASN1EncodableVector u = new ASN1EncodableVector();
    u.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(token)));
    SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(u));
    List<SignerInformation> signers = new ArrayList<>();
    signers.add(stamped);
    CMSSignedData result = CMSSignedData.replaceSigners(sd, new SignerInformationStore(signers));
    Files.write(Paths.get(out), result.getEncoded("DER"));
  }

  static void carry(String[] args) throws Exception {
    CMSSignedData in = new CMSSignedData(Files.readAllBytes(Paths.get(args[1])));
    List<X509CertificateHolder> certs = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> had = in.getCertificates().getMatches(null);
    certs.addAll(had);
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    for (int i = 3; i + 1 < args.length; i += 2) {
      byte[] der = Files.readAllBytes(Paths.get(args[i + 1]));
      switch (args[i]) {
        case "--cert": certs.add(new X509CertificateHolder(der)); break;
        case "--crl": gen.addCRL(new X509CRLHolder(der)); break;
        case "--ocsp": gen.addOtherRevocationInfo(CMSObjectIdentifiers.id_ri_ocsp_response, OCSPResponse.getInstance(der)); break;
        default: throw new IllegalArgumentException(args[i]);
      }
    }
    gen.addCertificates(new CollectionStore<>(certs));
    gen.addSigners(in.getSignerInfos());
    CMSSignedData out = gen.generate(in.getSignedContent(), true);
    Files.write(Paths.get(args[2]), out.getEncoded("DER"));
  }
}
