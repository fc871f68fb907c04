/**
 * The command lines of the two converters, as argv arrays (no shell ever parses them).
 * - LibreOffice: `--convert-to pdf:writer_pdf_Export:{"SelectPdfVersion":…}` — the PDF export filter's option
 *   SelectPdfVersion (1 = PDF/A-1b, 2 = PDF/A-2b, 3 = PDF/A-3b), with a private user profile
 *   (`-env:UserInstallation`), so that it runs while the user's own LibreOffice is open and leaves nothing behind.
 * - Ghostscript: the pdfwrite device's PDF/A output (`-dPDFA=N`, Ghostscript's "High Level Devices" documentation),
 *   colours converted to RGB and an OutputIntent with the sRGB profile, declared by a PostScript prefix file
 *   (Ghostscript's lib/PDFA_def.ps, reduced to what is needed); `-dSAFER` with read permission for that profile only.
 */
import { pathToFileURL } from 'node:url';
import type { PdfaLevel } from './pdfaLevel.js';
import { pdfaPart } from './pdfaLevel.js';

/**
 * The private profile's settings, written before LibreOffice starts (`user/registrymodifications.xcu`): no macro
 * runs (Tools ▸ Options ▸ Security: DisableMacrosExecution, MacroSecurityLevel 3 "very high"), and links to other
 * sites are not followed from the document (BlockUntrustedRefererLinks). A converted document is data, never code.
 */
export const SOFFICE_PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
`;

export function sofficeArgs(level: PdfaLevel, profileDir: string, outDir: string, input: string): string[] {
  const filter = `pdf:writer_pdf_Export:${JSON.stringify({ SelectPdfVersion: { type: 'long', value: String(pdfaPart(level)) } })}`;
  return [`-env:UserInstallation=${pathToFileURL(profileDir).href}`, '--headless', '--invisible', '--norestore', '--nolockcheck', '--nodefault', '--nologo', '--convert-to', filter, '--outdir', outDir, input];
}

/** A PostScript string literal (PLRM §3.2.2): backslashes and parentheses escaped; forward slashes for Windows paths. */
function psString(s: string): string {
  return `(${s.replace(/\\/g, '/').replace(/([()])/g, '\\$1')})`;
}

/** The prefix file that gives the PDF/A output its OutputIntent (ISO 19005-2 §6.2.3) with the sRGB profile. */
export function pdfaDefinition(iccProfile: string): string {
  return [
    '%!',
    `/ICCProfile ${psString(iccProfile)} def`,
    '[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark',
    '[{icc_PDFA} << /N 3 >> /PUT pdfmark',
    '[{icc_PDFA} ICCProfile (r) file /PUT pdfmark',
    '[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark',
    '[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA} /OutputConditionIdentifier (sRGB) >> /PUT pdfmark',
    '[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark',
    '',
  ].join('\n');
}

export function ghostscriptArgs(level: PdfaLevel, iccProfile: string, definition: string, output: string, input: string): string[] {
  return [
    `-dPDFA=${pdfaPart(level)}`,
    '-dPDFACompatibilityPolicy=1',
    ...(level === '1b' ? ['-dCompatibilityLevel=1.4'] : []),
    '-sColorConversionStrategy=RGB',
    '-sProcessColorModel=DeviceRGB',
    '-dNOPAUSE',
    '-dBATCH',
    '-dSAFER',
    '-dQUIET',
    `--permit-file-read=${iccProfile}`,
    '-sDEVICE=pdfwrite',
    // `%` starts a page-number template in Ghostscript output names.
    `-sOutputFile=${output.replace(/%/g, '%%')}`,
    definition,
    input,
  ];
}
