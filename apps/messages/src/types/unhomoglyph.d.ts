// unhomoglyph ships no types: one function, the UTS #39 confusables mapping (confusables.txt) per character.
declare module 'unhomoglyph' {
  export default function unhomoglyph(text: string): string;
}
