export const CHINESE_FONT_HINT: string;
export function chineseFontInstalled(): boolean;
