import { fileURLToPath } from 'node:url';

/**
 * Be Vietnam Pro TTF (OFL), for PDFs and pages alike: every Vietnamese diacritic renders. PDFKit's built-in Helvetica garbles
 * them silently, and the WOFF packages split the glyphs (stack.md), so only these files are used.
 */
const font = (weight: string) =>
  fileURLToPath(new URL(`../../../node_modules/@expo-google-fonts/be-vietnam-pro/${weight}/BeVietnamPro_${weight}.ttf`, import.meta.url));

export const FONTS = { regular: font('400Regular'), semibold: font('600SemiBold'), bold: font('700Bold') };
