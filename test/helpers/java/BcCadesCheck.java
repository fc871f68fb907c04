/*
 * Independent CAdES / CMS SignedData checker built on Bouncy Castle, used by Sigla's tests so that
 * signatures produced by Sigla are verified by a third-party implementation.
 *
 * Usage: java -cp bcprov.jar:bcpkix.jar:bcutil.jar:<classdir> BcCadesCheck FILE [DETACHED_CONTENT]
 *
 * FILE may be DER/BER, or base64 / PEM (armour stripped) when its first byte is not 0x30.
 * Prints exactly one JSON line on stdout:
 *   {"ok":bool,"signers":[{...}],"topLevelSigners":N,"contentSha256":"hex"|null,"error":null|"..."}
 * Exit code: 0 when ok, 1 when some signer fails, 2 on parse/usage errors.
 */

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.Security;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;

public final class BcCadesCheck {
    private static final ASN1ObjectIdentifier SIGNING_CERTIFICATE_V2 =
        new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.47");
    private static final int MAX_DEPTH = 16;

    private static final class SignerResult {
        int depth;
        String kind;
        String subject = "";
        boolean verified;
        Boolean essCertV2; // null = attribute absent
        Boolean issuerSerialMatch; // null = no issuerSerial (or no attribute)
        boolean hasContentType;
        boolean hasSigningTime;
        boolean hasMessageDigest;
        String digestAlg = "";
        String encAlg = "";
        String failure; // first reason this signer is not ok, or null
    }

    private final List<SignerResult> results = new ArrayList<>();
    private int topLevelSigners = 0;
    private byte[] innermostContent = null;

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 1 || args.length > 2) {
            out.println(errorJson("usage: BcCadesCheck FILE [DETACHED_CONTENT]"));
            System.exit(2);
            return;
        }
        Security.addProvider(new BouncyCastleProvider());
        BcCadesCheck checker = new BcCadesCheck();
        CMSSignedData top;
        try {
            byte[] raw = readSignature(new File(args[0]));
            top = args.length == 2
                ? new CMSSignedData(new CMSProcessableFile(new File(args[1])), raw)
                : new CMSSignedData(raw);
        } catch (Throwable e) {
            out.println(errorJson("parse error: " + describe(e)));
            System.exit(2);
            return;
        }
        try {
            checker.topLevelSigners = top.getSignerInfos().size();
            checker.walk(top, 0);
        } catch (Throwable e) {
            out.println(errorJson("check error: " + describe(e)));
            System.exit(2);
            return;
        }
        boolean ok = !checker.results.isEmpty();
        String firstFailure = checker.results.isEmpty() ? "no signers" : null;
        for (SignerResult r : checker.results) {
            if (r.failure != null) {
                ok = false;
                if (firstFailure == null) {
                    firstFailure = r.kind + " at depth " + r.depth + " (" + r.subject + "): " + r.failure;
                }
            }
        }
        out.println(checker.toJson(ok, ok ? null : firstFailure));
        System.exit(ok ? 0 : 1);
    }

    /** Reads DER/BER as-is; otherwise strips PEM armour / whitespace and base64-decodes. */
    private static byte[] readSignature(File f) throws Exception {
        byte[] raw = Files.readAllBytes(f.toPath());
        if (raw.length > 0 && (raw[0] & 0xff) == 0x30) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        StringBuilder b64 = new StringBuilder();
        for (String line : text.split("\\r?\\n|\\r")) {
            String t = line.trim();
            if (t.startsWith("-----") || t.isEmpty() || t.contains(":")) {
                continue; // armour lines and RFC 1421-style headers
            }
            b64.append(t);
        }
        byte[] decoded = Base64.getMimeDecoder().decode(b64.toString());
        if (decoded.length == 0 || (decoded[0] & 0xff) != 0x30) {
            throw new IllegalArgumentException("input is neither DER/BER nor base64/PEM of a SEQUENCE");
        }
        return decoded;
    }

    private void walk(CMSSignedData sd, int depth) throws Exception {
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certs = sd.getCertificates();
        for (SignerInformation si : sd.getSignerInfos().getSigners()) {
            checkSigner(si, certs, depth, "signer");
        }

        byte[] content = contentBytes(sd.getSignedContent());
        if (content == null) {
            return;
        }
        innermostContent = content;
        if (depth + 1 > MAX_DEPTH || content.length == 0 || (content[0] & 0xff) != 0x30) {
            return;
        }
        CMSSignedData inner;
        try {
            inner = new CMSSignedData(content);
        } catch (Throwable notCms) {
            return; // plain content, not a nested envelope
        }
        walk(inner, depth + 1);
    }

    private static byte[] contentBytes(CMSProcessable content) throws Exception {
        if (content == null) {
            return null;
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        content.write(bos);
        return bos.toByteArray();
    }

    private void checkSigner(SignerInformation si, Store<X509CertificateHolder> certs, int depth, String kind) {
        SignerResult r = new SignerResult();
        r.depth = depth;
        r.kind = kind;
        r.digestAlg = si.getDigestAlgOID();
        r.encAlg = si.getEncryptionAlgOID();
        results.add(r);

        AttributeTable signed = si.getSignedAttributes();
        if (signed != null) {
            r.hasContentType = signed.get(CMSAttributes.contentType) != null;
            r.hasSigningTime = signed.get(CMSAttributes.signingTime) != null;
            r.hasMessageDigest = signed.get(CMSAttributes.messageDigest) != null;
        }

        X509CertificateHolder cert = findCert(certs, si);
        if (cert != null) {
            r.subject = cert.getSubject().toString();
        }

        // Cryptographic verification.
        if (cert == null) {
            fail(r, "signer certificate not found in the certificate store");
        } else {
            try {
                r.verified = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(cert));
                if (!r.verified) {
                    fail(r, "signature verification returned false");
                }
            } catch (Throwable e) {
                r.verified = false;
                fail(r, "verification failed: " + describe(e));
            }
        }

        // ESS signing-certificate-v2.
        Attribute essAttr = signed == null ? null : signed.get(SIGNING_CERTIFICATE_V2);
        if (essAttr == null) {
            r.essCertV2 = null;
            fail(r, "no signing-certificate-v2 signed attribute");
        } else {
            try {
                checkEss(r, essAttr, cert);
            } catch (Throwable e) {
                r.essCertV2 = false;
                fail(r, "bad signing-certificate-v2: " + describe(e));
            }
        }

        // Countersignatures (recursively: getCounterSignatures() of each countersigner too).
        SignerInformationStore counters = si.getCounterSignatures();
        for (SignerInformation cs : counters.getSigners()) {
            checkSigner(cs, certs, depth, "countersignature");
        }
    }

    private static void checkEss(SignerResult r, Attribute essAttr, X509CertificateHolder cert) throws Exception {
        if (essAttr.getAttrValues().size() != 1) {
            throw new IllegalArgumentException("attribute must have exactly one value");
        }
        SigningCertificateV2 scv2 = SigningCertificateV2.getInstance(essAttr.getAttrValues().getObjectAt(0));
        ESSCertIDv2[] ids = scv2.getCerts();
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("no ESSCertIDv2 entries");
        }
        ESSCertIDv2 first = ids[0];
        IssuerSerial is = first.getIssuerSerial();
        if (cert == null) {
            r.essCertV2 = false;
            r.issuerSerialMatch = is == null ? null : Boolean.FALSE;
            fail(r, "signing-certificate-v2 present but no signer certificate to compare with");
            return;
        }
        AlgorithmIdentifier hashAlg = first.getHashAlgorithm();
        if (hashAlg == null) {
            hashAlg = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        }
        byte[] expected = digest(hashAlg, cert.getEncoded());
        boolean hashOk = MessageDigest.isEqual(expected, first.getCertHash());
        if (is != null) {
            BigInteger serial = is.getSerial().getValue();
            r.issuerSerialMatch = serial.equals(cert.getSerialNumber());
        } else {
            r.issuerSerialMatch = null;
        }
        r.essCertV2 = hashOk && !Boolean.FALSE.equals(r.issuerSerialMatch);
        if (!hashOk) {
            fail(r, "signing-certificate-v2 certHash does not match the signer certificate ("
                + hashAlg.getAlgorithm().getId() + ")");
        } else if (Boolean.FALSE.equals(r.issuerSerialMatch)) {
            fail(r, "signing-certificate-v2 issuerSerial does not match the signer certificate serial");
        }
    }

    private static byte[] digest(AlgorithmIdentifier alg, byte[] data) throws Exception {
        DigestCalculator calc = new JcaDigestCalculatorProviderBuilder().setProvider("BC").build().get(alg);
        calc.getOutputStream().write(data);
        calc.getOutputStream().close();
        return calc.getDigest();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static X509CertificateHolder findCert(Store<X509CertificateHolder> certs, SignerInformation si) {
        if (certs == null) {
            return null;
        }
        Collection<X509CertificateHolder> matches = certs.getMatches((Selector) si.getSID());
        for (X509CertificateHolder c : matches) {
            return c;
        }
        return null;
    }

    private static void fail(SignerResult r, String why) {
        if (r.failure == null) {
            r.failure = why;
        }
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

    // ---- JSON output (hand-written; no JSON library) ----

    private String toJson(boolean ok, String error) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ok\":").append(ok).append(",\"signers\":[");
        for (int i = 0; i < results.size(); i++) {
            SignerResult r = results.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"depth\":").append(r.depth)
                .append(",\"kind\":").append(str(r.kind))
                .append(",\"subject\":").append(str(r.subject))
                .append(",\"verified\":").append(r.verified)
                .append(",\"essCertV2\":").append(r.essCertV2 == null ? "null" : r.essCertV2.toString())
                .append(",\"issuerSerialMatch\":")
                .append(r.issuerSerialMatch == null ? "null" : r.issuerSerialMatch.toString())
                .append(",\"hasContentType\":").append(r.hasContentType)
                .append(",\"hasSigningTime\":").append(r.hasSigningTime)
                .append(",\"hasMessageDigest\":").append(r.hasMessageDigest)
                .append(",\"digestAlg\":").append(str(r.digestAlg))
                .append(",\"encAlg\":").append(str(r.encAlg))
                .append('}');
        }
        sb.append("],\"topLevelSigners\":").append(topLevelSigners);
        sb.append(",\"contentSha256\":").append(innermostContent == null ? "null" : str(sha256Hex(innermostContent)));
        sb.append(",\"error\":").append(error == null ? "null" : str(error));
        sb.append('}');
        return sb.toString();
    }

    private static String errorJson(String error) {
        return "{\"ok\":false,\"signers\":[],\"topLevelSigners\":0,\"contentSha256\":null,\"error\":" + str(error) + "}";
    }

    private static String sha256Hex(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder(d.length * 2);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
        return sb.toString();
    }

    /** True when s[i] is part of a well-formed surrogate pair (lone surrogates get \\u-escaped). */
    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
