/*
 * Independent PAdES checker for Sigla's tests, built on Apache PDFBox 2 (Debian libpdfbox2-java) and
 * Bouncy Castle (libbcpkix-java). Nothing here shares code with Sigla, so a PDF signed by Sigla and
 * accepted here is checked by third-party implementations.
 *
 * Usage: java -cp pdfbox2.jar:fontbox2.jar:commons-logging.jar:bcprov.jar:bcpkix.jar:bcutil.jar:<classdir>
 *          PadesCheck FILE [FILE...]
 *
 * Prints exactly one JSON line per FILE on stdout (in argument order), never crashes on odd files:
 *   {"file":..,"pages":N|null,"signatureCount":N,"encrypted":bool,"pdfVersion":"1.7"|null,
 *    "sigFlags":N|null,"rawByteRangeCount":N,"errors":[..],"signatures":[{...}, ...]}
 * Errors loading the document go to "errors"; errors checking one signature go to that signature's
 * "error" (every other field of it is still filled in as far as it could be computed).
 * Exit code: 0 when every line was printed, 2 on usage errors.
 */

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.Security;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;

public final class PadesCheck {
    private static final ASN1ObjectIdentifier SIGNING_CERTIFICATE =
        new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.12");
    private static final ASN1ObjectIdentifier SIGNING_CERTIFICATE_V2 =
        new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.47");
    private static final ASN1ObjectIdentifier SIGNATURE_TIMESTAMP =
        new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.14");
    private static final ASN1ObjectIdentifier ID_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.1");
    private static final byte[] EOF_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        // Anything a library prints on System.out must not corrupt the JSON lines.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        if (args.length < 1) {
            out.println("{\"errors\":[\"usage: PadesCheck FILE [FILE...]\"]}");
            System.exit(2);
            return;
        }
        java.util.logging.Logger.getLogger("org.apache.pdfbox").setLevel(java.util.logging.Level.SEVERE);
        java.util.logging.Logger.getLogger("org.apache.fontbox").setLevel(java.util.logging.Level.SEVERE);
        Security.addProvider(new BouncyCastleProvider());
        for (String f : args) {
            String line;
            try {
                line = checkFile(f);
            } catch (Throwable e) {
                Json j = new Json();
                j.str("file", f).nul("pages").num("signatureCount", 0).bool("encrypted", false).nul("pdfVersion")
                    .nul("sigFlags").num("rawByteRangeCount", 0)
                    .raw("errors", "[" + Json.quote("internal error: " + describe(e)) + "]")
                    .raw("signatures", "[]");
                line = j.end();
            }
            out.println(line);
        }
        out.flush();
        System.exit(0);
    }

    // ---------------------------------------------------------------- per file

    private static String checkFile(String path) {
        List<String> errors = new ArrayList<>();
        byte[] raw = null;
        try {
            raw = Files.readAllBytes(new File(path).toPath());
        } catch (Throwable e) {
            errors.add("cannot read file: " + describe(e));
        }
        Integer pages = null;
        boolean encrypted = false;
        String version = null;
        Integer sigFlags = null;
        List<String> sigJson = new ArrayList<>();
        int rawByteRanges = raw == null ? 0 : count(raw, "/ByteRange".getBytes(StandardCharsets.US_ASCII));

        if (raw != null) {
            // PDDocument.load is the lenient parser; "" is the (empty) user password.
            try (PDDocument doc = PDDocument.load(new File(path), "")) {
                encrypted = doc.isEncrypted();
                try {
                    version = Float.toString(doc.getVersion());
                } catch (Throwable e) {
                    errors.add("version: " + describe(e));
                }
                try {
                    pages = doc.getNumberOfPages();
                } catch (Throwable e) {
                    errors.add("pages: " + describe(e));
                }
                PDAcroForm form = null;
                try {
                    form = doc.getDocumentCatalog().getAcroForm();
                    if (form != null && form.getCOSObject().containsKey(COSName.SIG_FLAGS)) {
                        sigFlags = form.getCOSObject().getInt(COSName.SIG_FLAGS);
                    }
                } catch (Throwable e) {
                    errors.add("acroform: " + describe(e));
                }

                // Signature fields first (they give the field name), then any signature dictionary that
                // getSignatureDictionaries() returns but no field reached.
                List<PDSignature> sigs = new ArrayList<>();
                List<PDSignatureField> fieldOf = new ArrayList<>();
                Map<COSDictionary, Boolean> seen = new IdentityHashMap<>();
                try {
                    for (PDSignatureField sf : doc.getSignatureFields()) {
                        PDSignature s = sf.getSignature();
                        if (s != null && seen.put(s.getCOSObject(), Boolean.TRUE) == null) {
                            sigs.add(s);
                            fieldOf.add(sf);
                        }
                    }
                } catch (Throwable e) {
                    errors.add("signature fields: " + describe(e));
                }
                try {
                    for (PDSignature s : doc.getSignatureDictionaries()) {
                        if (seen.put(s.getCOSObject(), Boolean.TRUE) == null) {
                            sigs.add(s);
                            fieldOf.add(null);
                        }
                    }
                } catch (Throwable e) {
                    errors.add("signature dictionaries: " + describe(e));
                }
                for (int i = 0; i < sigs.size(); i++) {
                    sigJson.add(checkSignature(doc, raw, sigs.get(i), fieldOf.get(i)));
                }
            } catch (Throwable e) {
                errors.add("cannot load PDF: " + describe(e));
            }
        }

        Json j = new Json();
        j.str("file", path);
        if (pages == null) {
            j.nul("pages");
        } else {
            j.num("pages", pages);
        }
        j.num("signatureCount", sigJson.size()).bool("encrypted", encrypted).str("pdfVersion", version);
        if (sigFlags == null) {
            j.nul("sigFlags");
        } else {
            j.num("sigFlags", sigFlags);
        }
        j.num("rawByteRangeCount", rawByteRanges);
        StringBuilder e = new StringBuilder("[");
        for (int i = 0; i < errors.size(); i++) {
            e.append(i > 0 ? "," : "").append(Json.quote(errors.get(i)));
        }
        j.raw("errors", e.append(']').toString());
        j.raw("signatures", "[" + String.join(",", sigJson) + "]");
        return j.end();
    }

    // ---------------------------------------------------------------- per signature

    private static final class Sig {
        String field;
        String subFilter;
        String filter;
        long[] byteRange;
        boolean startsAtZero;
        boolean holeIsExactlyContents;
        boolean endsAtRevisionEnd;
        boolean coversWholeFile;
        Integer contentsHexLength; // hex digits between '<' and '>' (null when the hole is not well formed)
        Integer cmsLength; // DER length of the CMS without trailing padding
        boolean cmsValid;
        Boolean messageDigestMatches;
        boolean hasSigningTime;
        String cmsSigningTime;
        boolean hasSigningCertificate;
        boolean hasSigningCertificateV2;
        Boolean signingCertificateV2Matches;
        boolean contentTypeIsData;
        boolean encapsulatedContent;
        String signerSubject;
        String signerIssuer;
        String signerSerial;
        int certificateCount;
        int signerInfoCount;
        String digestAlgorithm;
        String digestAlgorithmName;
        String signatureAlgorithm;
        String signingTimeM;
        String reason;
        String location;
        String name;
        String contactInfo;
        boolean hasTimestamp;
        Boolean timestampImprintMatches;
        Boolean timestampValid;
        String timestampTime;
        Integer pageIndex;
        Integer widgetPageFromP;
        double[] widgetRect;
        String signedBytesSha256;
        String error;
    }

    private static String checkSignature(PDDocument doc, byte[] raw, PDSignature sig, PDSignatureField field) {
        Sig r = new Sig();
        try {
            runChecks(doc, raw, sig, field, r);
        } catch (Throwable e) {
            if (r.error == null) {
                r.error = describe(e);
            }
        }
        return toJson(r);
    }

    private static void note(Sig r, String why) {
        if (r.error == null) {
            r.error = why;
        }
    }

    private static void runChecks(PDDocument doc, byte[] raw, PDSignature sig, PDSignatureField field, Sig r)
        throws Exception {
        COSDictionary d = sig.getCOSObject();
        r.subFilter = d.getNameAsString(COSName.SUB_FILTER);
        r.filter = d.getNameAsString(COSName.FILTER);
        r.signingTimeM = d.getString(COSName.M);
        r.reason = d.getString(COSName.REASON);
        r.location = d.getString(COSName.LOCATION);
        r.name = d.getString(COSName.NAME);
        r.contactInfo = d.getString(COSName.CONTACT_INFO);

        if (field != null) {
            try {
                r.field = field.getFullyQualifiedName();
            } catch (Throwable e) {
                r.field = field.getPartialName();
            }
            try {
                locateWidget(doc, field, r);
            } catch (Throwable e) {
                note(r, "widget: " + describe(e));
            }
        }

        // /ByteRange, read as longs straight from the COS array.
        COSBase br = d.getDictionaryObject(COSName.BYTERANGE);
        if (!(br instanceof COSArray) || ((COSArray) br).size() != 4) {
            note(r, "/ByteRange missing or not an array of 4 numbers");
        } else {
            long[] v = new long[4];
            for (int i = 0; i < 4; i++) {
                COSBase n = ((COSArray) br).getObject(i);
                if (!(n instanceof COSNumber)) {
                    note(r, "/ByteRange element " + i + " is not a number");
                    v = null;
                    break;
                }
                v[i] = ((COSNumber) n).longValue();
            }
            r.byteRange = v;
        }

        byte[] contents = null;
        try {
            contents = sig.getContents();
        } catch (Throwable e) {
            note(r, "/Contents: " + describe(e));
        }
        if (contents == null && r.error == null) {
            note(r, "/Contents missing");
        }

        byte[] signed = null;
        if (r.byteRange != null) {
            long a = r.byteRange[0], b = r.byteRange[1], c = r.byteRange[2], dd = r.byteRange[3];
            r.startsAtZero = a == 0;
            r.coversWholeFile = c + dd == raw.length;
            boolean inBounds = a >= 0 && b >= 0 && c >= a + b && dd >= 0 && c + dd <= raw.length;
            if (!inBounds) {
                note(r, "/ByteRange out of bounds for a file of " + raw.length + " bytes");
            } else {
                r.endsAtRevisionEnd = isRevisionEnd(raw, (int) (c + dd));
                int hs = (int) (a + b);
                int he = (int) c; // exclusive
                if (he - hs >= 2 && raw[hs] == '<' && raw[he - 1] == '>') {
                    byte[] hole = hexDecode(raw, hs + 1, he - 1);
                    if (hole != null) {
                        r.contentsHexLength = he - hs - 2;
                        r.holeIsExactlyContents = contents != null && Arrays.equals(hole, contents);
                    }
                }
                signed = new byte[(int) (b + dd)];
                System.arraycopy(raw, (int) a, signed, 0, (int) b);
                System.arraycopy(raw, (int) c, signed, (int) b, (int) dd);
                r.signedBytesSha256 = hex(MessageDigest.getInstance("SHA-256").digest(signed));
            }
        }

        if (contents != null && signed != null) {
            checkCms(contents, signed, r);
        }
    }

    private static void locateWidget(PDDocument doc, PDSignatureField field, Sig r) throws Exception {
        List<PDAnnotationWidget> widgets = field.getWidgets();
        if (widgets.isEmpty()) {
            return;
        }
        PDAnnotationWidget w = widgets.get(0);
        PDRectangle rect = w.getRectangle();
        if (rect != null) {
            r.widgetRect = new double[] {rect.getLowerLeftX(), rect.getLowerLeftY(), rect.getUpperRightX(),
                rect.getUpperRightY()};
        }
        COSBase pRef = w.getCOSObject().getDictionaryObject(COSName.P);
        int idx = 0;
        for (PDPage page : doc.getPages()) {
            if (pRef != null && page.getCOSObject() == pRef) {
                r.widgetPageFromP = idx;
            }
            idx++;
        }
        idx = 0;
        for (PDPage page : doc.getPages()) {
            for (PDAnnotation an : page.getAnnotations()) {
                if (an.getCOSObject() == w.getCOSObject()) {
                    r.pageIndex = idx;
                    return;
                }
            }
            idx++;
        }
    }

    private static void checkCms(byte[] contents, byte[] signed, Sig r) throws Exception {
        CMSSignedData probe;
        try {
            probe = new CMSSignedData(contents);
        } catch (Throwable e) {
            note(r, "CMS parse: " + describe(e));
            return;
        }
        r.cmsLength = tlvLength(contents); // the hole is usually zero-padded past this
        r.encapsulatedContent = probe.getSignedContent() != null;
        byte[] signerInput; // what the SignerInfo's message digest covers
        CMSSignedData sd;
        if (r.encapsulatedContent) {
            // adbe.pkcs7.sha1 style: the encapsulated content is the SHA-1 of the byte ranges.
            sd = probe;
            signerInput = contentBytes(probe.getSignedContent());
        } else {
            sd = new CMSSignedData(new CMSProcessableByteArray(signed), contents);
            signerInput = signed;
        }
        r.certificateCount = sd.getCertificates().getMatches(null).size();
        Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
        r.signerInfoCount = signers.size();
        if (signers.isEmpty()) {
            note(r, "CMS has no SignerInfo");
            return;
        }
        SignerInformation si = signers.iterator().next();
        r.digestAlgorithm = si.getDigestAlgOID();
        r.digestAlgorithmName = new DefaultAlgorithmNameFinder().getAlgorithmName(new ASN1ObjectIdentifier(
            si.getDigestAlgOID()));
        r.signatureAlgorithm = si.getEncryptionAlgOID();

        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certs = sd.getCertificates();
        X509CertificateHolder cert = findCert(certs, si);
        if (cert != null) {
            r.signerSubject = cert.getSubject().toString();
            r.signerIssuer = cert.getIssuer().toString();
            r.signerSerial = cert.getSerialNumber().toString(16);
        }

        AttributeTable sa = si.getSignedAttributes();
        if (sa != null) {
            Attribute st = sa.get(CMSAttributes.signingTime);
            r.hasSigningTime = st != null;
            if (st != null) {
                try {
                    Date t = Time.getInstance(st.getAttrValues().getObjectAt(0)).getDate();
                    SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
                    f.setTimeZone(TimeZone.getTimeZone("UTC"));
                    r.cmsSigningTime = f.format(t);
                } catch (Throwable e) {
                    note(r, "signing-time: " + describe(e));
                }
            }
            Attribute ct = sa.get(CMSAttributes.contentType);
            r.contentTypeIsData = ct != null && ct.getAttrValues().size() == 1
                && ID_DATA.equals(ct.getAttrValues().getObjectAt(0));
            r.hasSigningCertificate = sa.get(SIGNING_CERTIFICATE) != null;
            Attribute ess = sa.get(SIGNING_CERTIFICATE_V2);
            r.hasSigningCertificateV2 = ess != null;
            if (ess != null) {
                try {
                    r.signingCertificateV2Matches = essMatches(ess, cert);
                } catch (Throwable e) {
                    r.signingCertificateV2Matches = false;
                    note(r, "signing-certificate-v2: " + describe(e));
                }
            }
            Attribute md = sa.get(CMSAttributes.messageDigest);
            if (md != null) {
                try {
                    byte[] stated = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
                    byte[] actual = digest(new AlgorithmIdentifier(new ASN1ObjectIdentifier(si.getDigestAlgOID())),
                        signerInput);
                    boolean ok = MessageDigest.isEqual(stated, actual);
                    if (r.encapsulatedContent) {
                        ok = ok && encapsulatedCoversRanges(signerInput, signed, r);
                    }
                    r.messageDigestMatches = ok;
                } catch (Throwable e) {
                    r.messageDigestMatches = false;
                    note(r, "message-digest: " + describe(e));
                }
            }
        }
        if (sa == null && r.encapsulatedContent) {
            r.messageDigestMatches = encapsulatedCoversRanges(signerInput, signed, r);
        }
        AttributeTable ua = si.getUnsignedAttributes();
        Attribute ts = ua == null ? null : ua.get(SIGNATURE_TIMESTAMP);
        r.hasTimestamp = ts != null;
        if (ts != null) {
            try {
                checkSignatureTimestamp(ts, si, r);
            } catch (Throwable e) {
                note(r, "signature-time-stamp: " + describe(e));
            }
        }

        if (cert == null) {
            note(r, "signer certificate not found in the CMS certificates");
            return;
        }
        try {
            r.cmsValid = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(cert));
            if (r.cmsValid && r.encapsulatedContent) {
                r.cmsValid = Boolean.TRUE.equals(r.messageDigestMatches);
            }
            if (!r.cmsValid) {
                note(r, "CMS signature does not verify");
            }
        } catch (Throwable e) {
            r.cmsValid = false;
            note(r, "CMS verify: " + describe(e));
        }
    }

    /**
     * For CMS with eContent: adbe.pkcs7.sha1 encapsulates the SHA-1 of the byte ranges; a document time-stamp
     * (ETSI.RFC3161) encapsulates a TSTInfo whose messageImprint is the hash of the byte ranges.
     */
    private static boolean encapsulatedCoversRanges(byte[] econtent, byte[] signed, Sig r) {
        try {
            if ("ETSI.RFC3161".equals(r.subFilter)) {
                MessageImprint mi = TSTInfo.getInstance(econtent).getMessageImprint();
                return MessageDigest.isEqual(digest(mi.getHashAlgorithm(), signed), mi.getHashedMessage());
            }
            return MessageDigest.isEqual(MessageDigest.getInstance("SHA-1").digest(signed), econtent);
        } catch (Throwable e) {
            note(r, "encapsulated content: " + describe(e));
            return false;
        }
    }

    /** RFC 3161 token in the unsigned attributes: imprint == hash(signature value), token signature verifies. */
    private static void checkSignatureTimestamp(Attribute ts, SignerInformation si, Sig r) throws Exception {
        TimeStampToken tst = new TimeStampToken(new CMSSignedData(
            ContentInfo.getInstance(ts.getAttrValues().getObjectAt(0))));
        TimeStampTokenInfo info = tst.getTimeStampInfo();
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        r.timestampTime = f.format(info.getGenTime());
        AlgorithmIdentifier alg = info.getHashAlgorithm();
        r.timestampImprintMatches = MessageDigest.isEqual(digest(alg, si.getSignature()),
            info.getMessageImprintDigest());
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certs = tst.getCertificates();
        X509CertificateHolder tsa = null;
        for (X509CertificateHolder c : (Collection<X509CertificateHolder>) certs.getMatches(tst.getSID())) {
            tsa = c;
            break;
        }
        if (tsa == null) {
            r.timestampValid = false;
            note(r, "signature-time-stamp: TSA certificate not in the token");
            return;
        }
        try {
            tst.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(tsa));
            r.timestampValid = true;
        } catch (Throwable e) {
            r.timestampValid = false;
            note(r, "signature-time-stamp: " + describe(e));
        }
    }

    /** ESS certHash (stated alg, default SHA-256) of the signer cert, plus issuerSerial when present. */
    private static boolean essMatches(Attribute ess, X509CertificateHolder cert) throws Exception {
        if (cert == null || ess.getAttrValues().size() != 1) {
            return false;
        }
        ESSCertIDv2[] ids = SigningCertificateV2.getInstance(ess.getAttrValues().getObjectAt(0)).getCerts();
        if (ids == null || ids.length == 0) {
            return false;
        }
        ESSCertIDv2 first = ids[0];
        AlgorithmIdentifier alg = first.getHashAlgorithm();
        if (alg == null) {
            alg = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        }
        if (!MessageDigest.isEqual(digest(alg, cert.getEncoded()), first.getCertHash())) {
            return false;
        }
        IssuerSerial is = first.getIssuerSerial();
        if (is == null) {
            return true;
        }
        BigInteger serial = is.getSerial().getValue();
        if (!serial.equals(cert.getSerialNumber())) {
            return false;
        }
        for (GeneralName gn : is.getIssuer().getNames()) {
            if (gn.getTagNo() == GeneralName.directoryName
                && X500Name.getInstance(gn.getName()).equals(cert.getIssuer())) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- helpers

    /** True when end is right after "%%EOF" or after "%%EOF" followed by up to two EOL bytes. */
    static boolean isRevisionEnd(byte[] raw, int end) {
        int p = end;
        int eols = 0;
        while (eols < 2 && p > 0 && (raw[p - 1] == '\n' || raw[p - 1] == '\r')) {
            p--;
            eols++;
        }
        if (p < EOF_MARKER.length) {
            return false;
        }
        for (int i = 0; i < EOF_MARKER.length; i++) {
            if (raw[p - EOF_MARKER.length + i] != EOF_MARKER[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes [from, to) as plain hex digits (no whitespace allowed); null when anything else is there. */
    private static byte[] hexDecode(byte[] raw, int from, int to) {
        int n = to - from;
        if (n % 2 != 0) {
            return null;
        }
        byte[] outb = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(raw[from + i], 16);
            int lo = Character.digit(raw[from + i + 1], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            outb[i / 2] = (byte) ((hi << 4) | lo);
        }
        return outb;
    }

    /** Encoded length of the BER/DER TLV at the start of b (indefinite lengths followed), or null. */
    private static Integer tlvLength(byte[] b) {
        long end = tlvEnd(b, 0, 0);
        return end < 0 || end > Integer.MAX_VALUE ? null : (int) end;
    }

    /** Offset just past the TLV starting at off, or -1 when malformed. */
    private static long tlvEnd(byte[] b, int off, int depth) {
        if (depth > 64 || off + 2 > b.length) {
            return -1;
        }
        int p = off;
        int tag = b[p++] & 0xff;
        if ((tag & 0x1f) == 0x1f) { // high tag number form
            while (p < b.length && (b[p] & 0x80) != 0) {
                p++;
            }
            p++;
        }
        if (p >= b.length) {
            return -1;
        }
        int first = b[p++] & 0xff;
        if (first == 0x80) { // indefinite: constructed contents up to an end-of-contents 00 00
            if ((tag & 0x20) == 0) {
                return -1;
            }
            while (true) {
                if (p + 2 > b.length) {
                    return -1;
                }
                if (b[p] == 0 && b[p + 1] == 0) {
                    return p + 2;
                }
                long next = tlvEnd(b, p, depth + 1);
                if (next < 0) {
                    return -1;
                }
                p = (int) next;
            }
        }
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n > 4 || p + n > b.length) {
                return -1;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[p++] & 0xff);
            }
        }
        long end = p + len;
        return end > b.length ? -1 : end;
    }

    private static int count(byte[] hay, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    private static byte[] contentBytes(CMSProcessable content) throws Exception {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        content.write(bos);
        return bos.toByteArray();
    }

    private static byte[] digest(AlgorithmIdentifier alg, byte[] data) throws Exception {
        DigestCalculator calc = new JcaDigestCalculatorProviderBuilder().setProvider("BC").build().get(alg);
        try (OutputStream os = calc.getOutputStream()) {
            os.write(data);
        }
        return calc.getDigest();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static X509CertificateHolder findCert(Store<X509CertificateHolder> certs, SignerInformation si) {
        if (certs == null) {
            return null;
        }
        for (X509CertificateHolder c : (Collection<X509CertificateHolder>) certs.getMatches((Selector) si.getSID())) {
            return c;
        }
        return null;
    }

    private static String hex(byte[] d) {
        StringBuilder sb = new StringBuilder(d.length * 2);
        for (byte b : d) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        Throwable c = e.getCause();
        if (c != null && c != e) {
            sb.append(" (caused by ").append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String toJson(Sig r) {
        Json j = new Json();
        j.str("field", r.field).str("subFilter", r.subFilter).str("filter", r.filter);
        if (r.byteRange == null) {
            j.nul("byteRange");
        } else {
            j.raw("byteRange", "[" + r.byteRange[0] + "," + r.byteRange[1] + "," + r.byteRange[2] + ","
                + r.byteRange[3] + "]");
        }
        j.bool("byteRangeStartsAtZero", r.startsAtZero)
            .bool("holeIsExactlyContents", r.holeIsExactlyContents)
            .bool("endsAtRevisionEnd", r.endsAtRevisionEnd)
            .bool("coversWholeFile", r.coversWholeFile)
            .optNum("contentsHexLength", r.contentsHexLength)
            .optNum("cmsLength", r.cmsLength)
            .bool("cmsValid", r.cmsValid)
            .optBool("messageDigestMatches", r.messageDigestMatches)
            .bool("hasSigningTime", r.hasSigningTime)
            .str("cmsSigningTime", r.cmsSigningTime)
            .bool("hasSigningCertificate", r.hasSigningCertificate)
            .bool("hasSigningCertificateV2", r.hasSigningCertificateV2)
            .optBool("signingCertificateV2Matches", r.signingCertificateV2Matches)
            .bool("contentTypeIsData", r.contentTypeIsData)
            .bool("encapsulatedContent", r.encapsulatedContent)
            .str("signerSubject", r.signerSubject)
            .str("signerIssuer", r.signerIssuer)
            .str("signerSerial", r.signerSerial)
            .num("certificateCount", r.certificateCount)
            .num("signerInfoCount", r.signerInfoCount)
            .str("digestAlgorithm", r.digestAlgorithm)
            .str("digestAlgorithmName", r.digestAlgorithmName)
            .str("signatureAlgorithm", r.signatureAlgorithm)
            .str("signingTimeM", r.signingTimeM)
            .str("reason", r.reason)
            .str("location", r.location)
            .str("name", r.name)
            .str("contactInfo", r.contactInfo)
            .bool("hasTimestamp", r.hasTimestamp)
            .optBool("timestampImprintMatches", r.timestampImprintMatches)
            .optBool("timestampValid", r.timestampValid)
            .str("timestampTime", r.timestampTime)
            .optNum("pageIndex", r.pageIndex)
            .optNum("widgetPageFromP", r.widgetPageFromP);
        if (r.widgetRect == null) {
            j.nul("widgetRect");
        } else {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < 4; i++) {
                sb.append(i > 0 ? "," : "").append(num(r.widgetRect[i]));
            }
            j.raw("widgetRect", sb.append(']').toString());
        }
        j.str("signedBytesSha256", r.signedBytesSha256).str("error", r.error);
        return j.end();
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Minimal JSON object writer (no JSON library on the Debian classpath). */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder("{");
        private boolean first = true;

        private Json key(String k) {
            sb.append(first ? "" : ",").append(quote(k)).append(':');
            first = false;
            return this;
        }

        Json str(String k, String v) {
            return key(k).append(v == null ? "null" : quote(v));
        }

        Json num(String k, long v) {
            return key(k).append(Long.toString(v));
        }

        Json optNum(String k, Integer v) {
            return key(k).append(v == null ? "null" : v.toString());
        }

        Json bool(String k, boolean v) {
            return key(k).append(Boolean.toString(v));
        }

        Json optBool(String k, Boolean v) {
            return key(k).append(v == null ? "null" : v.toString());
        }

        Json nul(String k) {
            return key(k).append("null");
        }

        Json raw(String k, String json) {
            return key(k).append(json);
        }

        private Json append(String s) {
            sb.append(s);
            return this;
        }

        String end() {
            return sb.append('}').toString();
        }

        static String quote(String s) {
            StringBuilder q = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': q.append("\\\""); break;
                    case '\\': q.append("\\\\"); break;
                    case '\n': q.append("\\n"); break;
                    case '\r': q.append("\\r"); break;
                    case '\t': q.append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                }
            }
            return q.append('"').toString();
        }
    }

}
