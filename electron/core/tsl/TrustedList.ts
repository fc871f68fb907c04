/**
 * The model of a trusted list (ETSI TS 119 612 v2.x): a member state's TL (TSPs and their services) or the EU List
 * Of Trusted Lists (pointers to the TLs). This file holds the types only; parsing is `parseTrustedList.ts`, the XML
 * signature check `verifyListSignature.ts`, service status in time `serviceStatusAt.ts`, qualification
 * `qualification.ts`.
 */

/** TS 119 612 §5.5.9.2 criteria list of a Qualifications extension (which certificates a qualifier applies to). */
export interface CriteriaList {
  readonly assert: 'all' | 'atLeastOne' | 'none';
  /** Each entry: a KeyUsage element, its bits (`nonRepudiation`, `digitalSignature`, …) with the asserted value. */
  readonly keyUsage: readonly (readonly { readonly bit: string; readonly value: boolean }[])[];
  /** Each entry: a PolicySet, the policy OIDs all of which must be present. */
  readonly policySets: readonly (readonly string[])[];
  /** Each entry: an ExtendedKeyUsage element, the EKU OIDs all of which must be present. */
  readonly extendedKeyUsage: readonly (readonly string[])[];
  /** Each entry: a CertSubjectDNAttribute element, the attribute OIDs all of which must be present. */
  readonly subjectDnAttributes: readonly (readonly string[])[];
  readonly lists: readonly CriteriaList[];
}

/** TS 119 612 §5.5.9.2 Qualifications extension entry: qualifier URIs that apply when the criteria match. */
export interface QualificationElement {
  readonly qualifiers: readonly string[];
  readonly criteria: CriteriaList;
}

/** One period of a service: the current information (§5.5) or one ServiceHistoryInstance (§5.6). */
export interface ServiceStatusPeriod {
  /** Status URI, e.g. `http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted`. */
  readonly status: string;
  /** StatusStartingTime (ISO 8601, UTC). */
  readonly from: string;
  /** The start of the next period (ISO), absent for the current one. */
  readonly until?: string;
  /** AdditionalServiceInformation URIs (ForeSignatures, ForeSeals, ForWebSiteAuthentication, …). */
  readonly additionalServiceInformation: readonly string[];
  readonly qualifications: readonly QualificationElement[];
  /** expiredCertsRevocationInfo (§5.5.9.1), ISO, when present. */
  readonly expiredCertsRevocationInfo?: string;
}

export interface TrustService {
  /** ServiceTypeIdentifier URI, e.g. `http://uri.etsi.org/TrstSvc/Svctype/CA/QC`. */
  readonly type: string;
  /** ServiceName, Italian when given, else English, else the first. */
  readonly name: string;
  /** The service digital identity's X.509 certificates (DER). */
  readonly certificates: readonly Uint8Array[];
  /** X509SubjectName and X509SKI (hex, lower case) of the digital identity, when given. */
  readonly subjectNames: readonly string[];
  readonly skis: readonly string[];
  /** Periods, newest first: [0] is the current status. */
  readonly periods: readonly ServiceStatusPeriod[];
}

export interface TrustServiceProvider {
  readonly name: string;
  readonly tradeNames: readonly string[];
  readonly services: readonly TrustService[];
}

/** A LOTL's OtherTSLPointer (§5.3.13): where a TL is and which certificates may sign it. */
export interface ListPointer {
  readonly territory: string;
  readonly location: string;
  readonly mimeType?: string;
  /** TSLType URI of the pointed list. */
  readonly type?: string;
  readonly signers: readonly Uint8Array[];
}

export interface TrustedList {
  /** TSLType URI; `…/TSLType/EUlistofthelists` for the LOTL, `…/TSLType/EUgeneric` for a member state's TL. */
  readonly type: string;
  readonly isLotl: boolean;
  readonly territory: string;
  readonly sequenceNumber: number;
  readonly operator: string;
  /** ListIssueDateTime (ISO). */
  readonly issued: string;
  /** NextUpdate (ISO); absent when the list is closed. */
  readonly nextUpdate?: string;
  readonly pointers: readonly ListPointer[];
  readonly providers: readonly TrustServiceProvider[];
}

/** Why a list's XML signature was refused (`verifyListSignature`). */
export type ListSignatureFailure = 'NO_SIGNATURE' | 'MALFORMED' | 'SIGNATURE_INVALID' | 'SIGNER_NOT_ALLOWED' | 'NOT_WHOLE_DOCUMENT';

export type ListSignatureCheck =
  | { readonly ok: true; readonly signer: Uint8Array; readonly signingTime?: string }
  | { readonly ok: false; readonly reason: ListSignatureFailure; readonly detail?: string };

/** A service of a validated list as verification uses it: with the list it came from. */
export interface ListedService {
  readonly country: string;
  readonly tsp: string;
  readonly service: TrustService;
}

/** ETSI TS 119 172-4 / TS 119 615 qualification conclusions, as in shared/ACCEPTANCE.md. */
export type Qualification =
  | 'QESig'
  | 'QESeal'
  | 'AdESig-QC'
  | 'AdESeal-QC'
  | 'AdESig'
  | 'AdESeal'
  | 'Indeterminate QESig'
  | 'Indeterminate QESeal'
  | 'Indeterminate AdESig-QC'
  | 'Indeterminate AdESeal-QC'
  | 'Indeterminate AdESig'
  | 'Indeterminate AdESeal'
  | 'NA';

/** What verification reports per signature about the list (shared/ACCEPTANCE.md `trustedList`). */
export interface TrustedListMatch {
  readonly country: string;
  readonly tsp: string;
  readonly service: string;
  /** The status's last path segment (`granted`, `withdrawn`, `accredited`, …) at the time that matters. */
  readonly status: string;
}
