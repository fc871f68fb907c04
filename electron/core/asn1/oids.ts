/** Object identifiers used by Sigla, with the document that defines each. */
export const OID = {
  // RFC 5652 §4, §5, §11
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  countersignature: '1.2.840.113549.1.9.6',
  // RFC 2634 §5.4 / RFC 5035 §3
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  // RFC 3161 / RFC 5544
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  timeStampedData: '1.2.840.113549.1.9.16.1.31',
  // Digest algorithms: RFC 5754 §2, FIPS 202 / RFC 8702
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha3_256: '2.16.840.1.101.3.4.2.8',
  sha3_384: '2.16.840.1.101.3.4.2.9',
  sha3_512: '2.16.840.1.101.3.4.2.10',
  md5: '1.2.840.113549.2.5',
  // Signature algorithms: RFC 8017 App. C, RFC 5754 §3, RFC 5758 §3.2
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  rsassaPss: '1.2.840.113549.1.1.10',
  md5WithRSAEncryption: '1.2.840.113549.1.1.4',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  // RFC 5280 / ETSI EN 319 412-5
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  qcSSCD: '0.4.0.1862.1.4',
  // ETSI EN 319 122-1 §5.5.2/§5.5.3 (CAdES B-LTA); RFC 5940 §3 (OCSP responses in SignedData.crls)
  archiveTimeStampV3: '0.4.0.1733.2.4',
  atsHashIndexV3: '0.4.0.19122.1.5',
  /** Read only: ETSI TS 101 733 v2.2.1 ats-hash-index and EN 319 122-1 v1.0.0 ats-hash-index-v2. */
  atsHashIndex: '0.4.0.1733.2.5',
  atsHashIndexV2: '0.4.0.19122.1.4',
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
} as const;
