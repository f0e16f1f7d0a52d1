/** The console's mark: a shield (防护) in the office's blue and red, drawn inline so it works offline. */
export function Emblem({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <path d="M32 4 L56 13 V31 C56 46 45 56 32 60 C19 56 8 46 8 31 V13 Z" fill="#fff" />
      <path d="M32 12 L48 18 V31 C48 41 41 48 32 51 C23 48 16 41 16 31 V18 Z" fill="#c8102e" />
      <path d="M32 20 l3.5 7.2 7.9 1.1 -5.7 5.6 1.4 7.9 -7.1 -3.8 -7.1 3.8 1.4 -7.9 -5.7 -5.6 7.9 -1.1 Z" fill="#ffd35c" />
    </svg>
  );
}
