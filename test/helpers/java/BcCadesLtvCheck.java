/*
 * Independent check of CAdES B-LT / B-LTA files with Bouncy Castle, written from ETSI EN 319 122-1 (§5.5.1
 * validation values, §5.5.2 ats-hash-index-v3, §5.5.3 archive-time-stamp-v3) and RFC 5940, not from Sigla's code.
 *
 * Usage: java -cp <bc jars>:<classdir> BcCadesLtvCheck FILE OUTDIR [DETACHED_CONTENT]
 * Writes every CRL of SignedData.crls to OUTDIR/crl-N.der and every RFC 5940 OCSP response to OUTDIR/ocsp-N.der,
 * and prints one JSON line:
 *   {"version":V,"certificates":N,"crls":N,"ocsp":N,"signers":[{"verified":bool,"archive":[{"tokenValid":bool,
 *    "imprintMatches":bool,"indexMatches":bool,"indexAlgorithm":"oid","genTime":"…"}]}],"error":null}
 */

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

public final class BcCadesLtvCheck {
    static final ASN1ObjectIdentifier ATS_V3 = new ASN1ObjectIdentifier("0.4.0.1733.2.4");
    static final ASN1ObjectIdentifier ATS_HASH_INDEX_V3 = new ASN1ObjectIdentifier("0.4.0.19122.1.5");
    /** TS 101 733 v2.2.1 ats-hash-index, EN 319 122-1 V1.0.0 ats-hash-index-v2: each whole Attribute hashed. */
    static final ASN1ObjectIdentifier ATS_HASH_INDEX_V1 = new ASN1ObjectIdentifier("0.4.0.1733.2.5");
    static final ASN1ObjectIdentifier ATS_HASH_INDEX_V2 = new ASN1ObjectIdentifier("0.4.0.19122.1.4");
    static final ASN1ObjectIdentifier RI_OCSP = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.16.2");
    static final ASN1ObjectIdentifier SHA256 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1");

    public static void main(String[] args) throws Exception {
        Security.addProvider(new BouncyCastleProvider());
        StringBuilder json = new StringBuilder();
        try {
            byte[] bytes = Files.readAllBytes(new File(args[0]).toPath());
            File out = new File(args[1]);
            File detached = args.length > 2 ? new File(args[2]) : null;
            CMSSignedData sd = detached == null ? new CMSSignedData(bytes) : new CMSSignedData(new CMSProcessableFile(detached), bytes);
            SignedData raw = SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(bytes)).getContent());
            byte[] content = detached == null ? (byte[]) sd.getSignedContent().getContent() : Files.readAllBytes(detached.toPath());

            Collection<X509CRLHolder> crls = sd.getCRLs().getMatches(null);
            int n = 0;
            for (X509CRLHolder crl : crls) Files.write(new File(out, "crl-" + (n++) + ".der").toPath(), crl.getEncoded());
            Store<ASN1Encodable> ocsps = sd.getOtherRevocationInfo(RI_OCSP);
            n = 0;
            for (ASN1Encodable o : ocsps.getMatches(null)) Files.write(new File(out, "ocsp-" + (n++) + ".der").toPath(), o.toASN1Primitive().getEncoded(ASN1Encoding.DER));

            json.append("{\"version\":").append(sd.getVersion())
                .append(",\"certificates\":").append(sd.getCertificates().getMatches(null).size())
                .append(",\"crls\":").append(crls.size())
                .append(",\"ocsp\":").append(ocsps.getMatches(null).size())
                .append(",\"signers\":[");
            boolean firstSigner = true;
            for (SignerInformation si : sd.getSignerInfos().getSigners()) {
                if (!firstSigner) json.append(',');
                firstSigner = false;
                json.append("{\"verified\":").append(verify(si, sd.getCertificates())).append(",\"archive\":[");
                AttributeTable unsigned = si.getUnsignedAttributes();
                ASN1EncodableVector atsAttrs = unsigned == null ? new ASN1EncodableVector() : unsigned.getAll(ATS_V3);
                boolean firstAts = true;
                for (int i = 0; i < atsAttrs.size(); i++) {
                    Attribute a = Attribute.getInstance(atsAttrs.get(i));
                    for (ASN1Encodable v : a.getAttrValues().toArray()) {
                        if (!firstAts) json.append(',');
                        firstAts = false;
                        json.append(archive(v, sd, raw, si, content));
                    }
                }
                json.append("]}");
            }
            json.append("],\"error\":null}");
            System.out.println(json);
        } catch (Exception e) {
            if (System.getenv("BC_TRACE") != null) e.printStackTrace();
            System.out.println("{\"error\":\"" + String.valueOf(e).replace("\\", "/").replace("\"", "'") + "\"}");
            System.exit(2);
        }
    }

    static boolean verify(SignerInformation si, Store<X509CertificateHolder> certs) {
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> m = certs.getMatches(si.getSID());
            if (m.isEmpty()) return false;
            return si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(m.iterator().next()));
        } catch (Exception e) {
            return false;
        }
    }

    static byte[] hash(MessageDigest md, byte[]... parts) {
        md.reset();
        for (byte[] p : parts) md.update(p);
        return md.digest();
    }

    static String archive(ASN1Encodable value, CMSSignedData sd, SignedData raw, SignerInformation si, byte[] content) throws Exception {
        TimeStampToken tst = new TimeStampToken(ContentInfo.getInstance(value));
        boolean tokenValid;
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> m = tst.getCertificates().getMatches(tst.getSID());
            tst.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(m.iterator().next()));
            tokenValid = true;
        } catch (Exception e) {
            tokenValid = false;
        }
        AttributeTable tokenUnsigned = tst.getUnsignedAttributes();
        boolean v3 = tokenUnsigned.get(ATS_HASH_INDEX_V3) != null;
        Attribute idxAttr = v3 ? tokenUnsigned.get(ATS_HASH_INDEX_V3)
            : tokenUnsigned.get(ATS_HASH_INDEX_V2) != null ? tokenUnsigned.get(ATS_HASH_INDEX_V2) : tokenUnsigned.get(ATS_HASH_INDEX_V1);
        ASN1Sequence index = ASN1Sequence.getInstance(idxAttr.getAttrValues().getObjectAt(0));
        // §5.5.2: hashIndAlgorithm DEFAULT sha256; present when the sequence has four elements.
        ASN1ObjectIdentifier indexAlg = SHA256;
        int first = 0;
        if (index.size() == 4) {
            indexAlg = AlgorithmIdentifier.getInstance(index.getObjectAt(0)).getAlgorithm();
            first = 1;
        }
        MessageDigest indexMd = MessageDigest.getInstance(indexAlg.getId(), "BC");
        Set<String> certHashes = new HashSet<>();
        if (raw.getCertificates() != null) for (ASN1Encodable c : raw.getCertificates().toArray()) certHashes.add(hex(hash(indexMd, c.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
        Set<String> crlHashes = new HashSet<>();
        if (raw.getCRLs() != null) for (ASN1Encodable c : raw.getCRLs().toArray()) crlHashes.add(hex(hash(indexMd, c.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
        // §5.5.2 (v3): one hash per attribute value, over attrType's encoding followed by that value's encoding.
        Set<String> attrHashes = new HashSet<>();
        for (ASN1Encodable ae : si.getUnsignedAttributes().toASN1Structure().getAttributes()) {
            Attribute a = Attribute.getInstance(ae);
            if (!v3) {
                attrHashes.add(hex(hash(indexMd, a.getEncoded(ASN1Encoding.DER))));
                continue;
            }
            for (ASN1Encodable v : a.getAttrValues().toArray()) {
                attrHashes.add(hex(hash(indexMd, a.getAttrType().getEncoded(ASN1Encoding.DER), v.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
            }
        }
        boolean indexMatches = all(index.getObjectAt(first), certHashes) && all(index.getObjectAt(first + 1), crlHashes) && all(index.getObjectAt(first + 2), attrHashes);

        // §5.5.3: imprint over eContentType, H(content), the signer's version..signature fields, the hash index.
        ASN1ObjectIdentifier imprintAlg = tst.getTimeStampInfo().getMessageImprintAlgOID();
        MessageDigest md = MessageDigest.getInstance(imprintAlg.getId(), "BC");
        byte[] contentHash = hash(MessageDigest.getInstance(imprintAlg.getId(), "BC"), content);
        SignerInfo s = si.toASN1Structure();
        md.reset();
        md.update(raw.getEncapContentInfo().getContentType().getEncoded(ASN1Encoding.DER));
        md.update(contentHash);
        md.update(s.getVersion().getEncoded(ASN1Encoding.DER));
        md.update(s.getSID().toASN1Primitive().getEncoded(ASN1Encoding.DER));
        md.update(s.getDigestAlgorithm().getEncoded(ASN1Encoding.DER));
        md.update(new DERTaggedObject(false, 0, s.getAuthenticatedAttributes()).getEncoded(ASN1Encoding.DER));
        md.update(s.getDigestEncryptionAlgorithm().getEncoded(ASN1Encoding.DER));
        md.update(s.getEncryptedDigest().getEncoded(ASN1Encoding.DER));
        md.update(index.getEncoded(ASN1Encoding.DER));
        boolean imprintMatches = Arrays.equals(md.digest(), tst.getTimeStampInfo().getMessageImprintDigest());
        return "{\"tokenValid\":" + tokenValid + ",\"imprintMatches\":" + imprintMatches + ",\"indexMatches\":" + indexMatches
            + ",\"indexVersion\":" + (v3 ? 3 : 1) + ",\"indexAlgorithm\":\"" + indexAlg.getId() + "\",\"genTime\":\"" + tst.getTimeStampInfo().getGenTime().toInstant() + "\"}";
    }

    static boolean all(ASN1Encodable list, Set<String> present) {
        for (ASN1Encodable o : ASN1Sequence.getInstance(list).toArray()) {
            if (!present.contains(hex(ASN1OctetString.getInstance(o).getOctets()))) return false;
        }
        return true;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
