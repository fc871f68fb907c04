/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "1" only in a build made for manual UI testing with the fake bridge (see main.tsx). */
  readonly VITE_SIGLA_MOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
