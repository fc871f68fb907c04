/*
 * Makes test PDFs with Apache PDFBox 2 (Debian libpdfbox2-java) and signs them with PDFBox + Bouncy Castle, so
 * Sigla's tests have documents written, and signatures made, by a third-party PDF library.
 *
 * Usage: java -cp pdfbox2.jar:fontbox2.jar:commons-logging.jar:bcprov.jar:bcpkix.jar:bcutil.jar:<classdir>
 *          MakePdfs COMMAND ARGS... [";" COMMAND ARGS...]...
 * Commands:
 *   plain OUT
 *       a 2-page A4 document (Helvetica, WinAnsi) with Italian text, saved with a classic xref table.
 *   sign IN OUT P12 PASSWORD SUBFILTER [REASON] [LOCATION]
 *       adds an invisible signature to IN with PDDocument.addSignature + saveIncremental (an incremental
 *       update). SUBFILTER is ETSI.CAdES.detached (CAdES: signing-certificate-v2, no signing-time) or
 *       adbe.pkcs7.detached (signing-time, no ESS attribute). The CMS carries the PKCS#12's whole chain.
 *   sign-t IN OUT P12 PASSWORD
 *       like sign with ETSI.CAdES.detached, plus a signature-time-stamp unsigned attribute (RFC 3161 token over
 *       the signature value) from an in-process test TSA (self-signed RSA cert, critical EKU timeStamping).
 *   doctimestamp IN OUT
 *       adds a document time-stamp (SubFilter ETSI.RFC3161, /Type /DocTimeStamp) from the same test TSA.
 * Prints "ok COMMAND OUT" per command on stdout; on failure prints "error: ..." on stderr and exits 1.
 */

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

public final class MakePdfs {
    static final String[][] PAGES = {
        {
            "Comune di Roccabella - Determina n. 42 \u2014 Ufficio Tecnico",
            "",
            "La determina \u00e8 stata approvata; perci\u00f2 il responsabile procede\u2026",
            "Qualit\u00e0, citt\u00e0, pi\u00f9, caff\u00e8, perch\u00e9, cos\u00ec, \u00c8 vero: \u00e0 \u00e8 \u00e9 \u00ec \u00f2 \u00f9.",
            "Importo: 1.234,56 \u20ac \u2014 \u00abvirgolette\u00bb e \u201cdoppi apici\u201d.",
        },
        {
            "Pagina 2 - Allegato A",
            "",
            "L'attivit\u00e0 \u00e8 conclusa entro il 31/12; la societ\u00e0 ne d\u00e0 atto.",
            "Firmato digitalmente ai sensi del D.Lgs. 82/2005 (CAD).",
        },
    };

    public static void main(String[] args) {
        java.util.logging.Logger.getLogger("org.apache.pdfbox").setLevel(java.util.logging.Level.SEVERE);
        java.util.logging.Logger.getLogger("org.apache.fontbox").setLevel(java.util.logging.Level.SEVERE);
        Security.addProvider(new BouncyCastleProvider());
        List<List<String>> commands = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String a : args) {
            if (a.equals(";")) {
                commands.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(a);
            }
        }
        commands.add(cur);
        try {
            for (List<String> c : commands) {
                if (c.isEmpty()) {
                    continue;
                }
                String cmd = c.get(0);
                if (cmd.equals("plain") && c.size() == 2) {
                    plain(c.get(1));
                } else if (cmd.equals("sign") && c.size() >= 6 && c.size() <= 8) {
                    sign(c.get(1), c.get(2), c.get(3), c.get(4), c.get(5),
                        c.size() > 6 ? c.get(6) : "Approvazione della determina",
                        c.size() > 7 ? c.get(7) : "Roma", false);
                } else if (cmd.equals("sign-t") && c.size() == 5) {
                    sign(c.get(1), c.get(2), c.get(3), c.get(4), "ETSI.CAdES.detached",
                        "Approvazione della determina", "Roma", true);
                } else if (cmd.equals("doctimestamp") && c.size() == 3) {
                    docTimestamp(c.get(1), c.get(2));
                } else {
                    throw new IllegalArgumentException("bad command: " + String.join(" ", c));
                }
                System.out.println("ok " + cmd + " " + c.get(cmd.equals("plain") ? 1 : 2));
            }
        } catch (Throwable e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void plain(String out) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            for (String[] lines : PAGES) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(PDType1Font.HELVETICA, 13);
                    cs.setLeading(18);
                    cs.newLineAtOffset(56, 780);
                    for (String l : lines) {
                        cs.showText(l);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Determina n. 42 \u2014 prova PDFBox");
            info.setProducer("Apache PDFBox 2 (Sigla test)");
            doc.save(new File(out));
        }
    }

    static void sign(String in, String out, String p12, String password, String subFilter, String reason,
        String location, boolean timestamp) throws Exception {
        char[] pw = password.toCharArray();
        KeyStore ks = loadP12(p12, pw);
        String alias = null;
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
            String a = e.nextElement();
            if (ks.isKeyEntry(a)) {
                alias = a;
                break;
            }
        }
        if (alias == null) {
            throw new IllegalArgumentException("no private key in " + p12);
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
        Certificate[] chain = ks.getCertificateChain(alias);
        X509Certificate cert = (X509Certificate) chain[0];
        boolean cades = subFilter.equals("ETSI.CAdES.detached");
        if (!cades && !subFilter.equals("adbe.pkcs7.detached")) {
            throw new IllegalArgumentException("unsupported SubFilter " + subFilter);
        }

        SignatureInterface signer = content -> {
            try {
                byte[] data = readAll(content);
                String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
                ContentSigner cs = new JcaContentSignerBuilder(alg).build(key);
                JcaSignerInfoGeneratorBuilder sib = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build());
                if (cades) {
                    sib.setSignedAttributeGenerator(cadesAttributes(cert));
                }
                CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
                gen.addSignerInfoGenerator(sib.build(cs, cert));
                gen.addCertificates(new JcaCertStore(Arrays.asList(chain)));
                CMSSignedData sd = gen.generate(new CMSProcessableByteArray(data), false);
                if (timestamp) {
                    sd = addSignatureTimestamp(sd);
                }
                return sd.getEncoded();
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        };

        try (PDDocument doc = PDDocument.load(new File(in))) {
            PDSignature sig = new PDSignature();
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(COSName.getPDFName(subFilter));
            sig.setName("PDFBox test signer");
            sig.setReason(reason);
            sig.setLocation(location);
            sig.setSignDate(Calendar.getInstance(TimeZone.getTimeZone("UTC")));
            SignatureOptions opts = new SignatureOptions();
            opts.setPreferredSignatureSize(SignatureOptions.DEFAULT_SIGNATURE_SIZE * 2);
            doc.addSignature(sig, signer, opts);
            try (OutputStream os = new FileOutputStream(out)) {
                doc.saveIncremental(os);
            }
            opts.close();
        }
    }

    // ---------------------------------------------------------------- in-process test TSA

    private static PrivateKey tsaKey;
    private static X509Certificate tsaCert;
    private static long tsaSerial = 1;

    static synchronized void ensureTsa() throws Exception {
        if (tsaKey != null) {
            return;
        }
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("C=IT,O=Sigla Test Trust Services,CN=Sigla Test TSA");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3600_000L),
            new Date(now + 86_400_000L * 30), name, kp.getPublic());
        b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        tsaCert = new JcaX509CertificateConverter().getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        tsaKey = kp.getPrivate();
    }

    /** An RFC 3161 token (SHA-256 imprint of data) from the test TSA, as CMS SignedData. */
    static TimeStampToken timestamp(byte[] data) throws Exception {
        ensureTsa();
        DigestCalculator essDigest = new JcaDigestCalculatorProviderBuilder().build()
            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
        TimeStampTokenGenerator gen = new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", tsaKey, tsaCert), essDigest,
            new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1.1"));
        gen.addCertificates(new JcaCertStore(Arrays.asList(tsaCert)));
        TimeStampRequestGenerator rg = new TimeStampRequestGenerator();
        rg.setCertReq(true);
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(data);
        TimeStampRequest req = rg.generate(TSPAlgorithms.SHA256, imprint, BigInteger.valueOf(System.nanoTime()));
        return gen.generate(req, BigInteger.valueOf(tsaSerial++), new Date());
    }

    static CMSSignedData addSignatureTimestamp(CMSSignedData sd) throws Exception {
        List<SignerInformation> out = new ArrayList<>();
        for (SignerInformation si : sd.getSignerInfos().getSigners()) {
            TimeStampToken tst = timestamp(si.getSignature());
            Attribute a = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(tst.toCMSSignedData().toASN1Structure()));
            out.add(SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(a)));
        }
        return CMSSignedData.replaceSigners(sd, new SignerInformationStore(out));
    }

    static void docTimestamp(String in, String out) throws Exception {
        SignatureInterface tsa = content -> {
            try {
                return timestamp(readAll(content)).getEncoded();
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        };
        try (PDDocument doc = PDDocument.load(new File(in))) {
            PDSignature sig = new PDSignature();
            sig.setType(COSName.getPDFName("DocTimeStamp"));
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(COSName.getPDFName("ETSI.RFC3161"));
            SignatureOptions opts = new SignatureOptions();
            opts.setPreferredSignatureSize(SignatureOptions.DEFAULT_SIGNATURE_SIZE * 2);
            doc.addSignature(sig, tsa, opts);
            try (OutputStream os = new FileOutputStream(out)) {
                doc.saveIncremental(os);
            }
            opts.close();
        }
    }

    /** contentType + messageDigest + CMSAlgorithmProtection + signing-certificate-v2, and no signing-time. */
    static CMSAttributeTableGenerator cadesAttributes(X509Certificate cert) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        JcaX509CertificateHolder h = new JcaX509CertificateHolder(cert);
        IssuerSerial is = new IssuerSerial(new GeneralNames(new GeneralName(X500Name.getInstance(h.getIssuer()))),
            new BigInteger(1, cert.getSerialNumber().toByteArray()));
        ESSCertIDv2 id = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, is);
        Attribute ess = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
            new DERSet(new SigningCertificateV2(id)));
        DefaultSignedAttributeTableGenerator base = new DefaultSignedAttributeTableGenerator(new AttributeTable(ess));
        return params -> {
            AttributeTable t = base.getAttributes(params);
            return t.remove(CMSAttributes.signingTime);
        };
    }

    static KeyStore loadP12(String p12, char[] pw) throws Exception {
        Exception first = null;
        for (String provider : new String[] {null, "BC"}) {
            try (InputStream is = new FileInputStream(p12)) {
                KeyStore ks = provider == null ? KeyStore.getInstance("PKCS12") : KeyStore.getInstance("PKCS12", provider);
                ks.load(is, pw);
                return ks;
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    static byte[] readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        in.transferTo(bos);
        return bos.toByteArray();
    }
}
