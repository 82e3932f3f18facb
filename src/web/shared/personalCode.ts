/** Whether scanned text is a 一门通办 personal code (亮码) rather than a booking code: the server signs them as ODC1.… */
export const isPersonalCode = (text: string): boolean => text.trim().startsWith('ODC1.');
