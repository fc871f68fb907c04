/** Decorative line icons (hidden from assistive technology; the text next to them is the name). */
const common = { width: 20, height: 20, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false } as const;

export const IconSign = () => (
  <svg {...common}>
    <path d="M4 20h16" />
    <path d="M14.5 4.5l5 5L9 20H4v-5z" />
  </svg>
);
export const IconVerify = () => (
  <svg {...common}>
    <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />
    <path d="M8.5 12l2.5 2.5 4.5-5" />
  </svg>
);
export const IconDevices = () => (
  <svg {...common}>
    <rect x="3" y="7" width="13" height="10" rx="2" />
    <path d="M16 10h3a2 2 0 0 1 2 2v0a2 2 0 0 1-2 2h-3" />
    <path d="M7 11h5" />
  </svg>
);
export const IconCertificates = () => (
  <svg {...common}>
    <rect x="3" y="4" width="18" height="13" rx="2" />
    <path d="M7 9h6M7 12h4" />
    <circle cx="16.5" cy="16.5" r="2.5" />
    <path d="M15.3 18.7L14.5 22l2-1 2 1-.8-3.3" />
  </svg>
);
export const IconSettings = () => (
  <svg {...common}>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </svg>
);
export const Logo = () => (
  <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <rect width="32" height="32" rx="8" fill="#0b5cad" />
    <path d="M9 20.5c2.2 0 3-6.5 5.2-6.5 1.9 0 1.1 4.6 3 4.6 1.4 0 2-2.1 3.2-2.1.8 0 1.1.7 1.6 1.5" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    <path d="M9 24h14" stroke="#fff" strokeWidth="2" strokeLinecap="round" opacity=".7" />
  </svg>
);
