// The two ways a figure can fail, in Excel's terms: #N/A (no figure: unknown customer, no sales,
// server unreachable, not signed in) and #VALUE! (an argument is malformed). Plain errors, so the
// batch client and argument parsing are tested without Office; office/custom-functions.ts turns
// them into CustomFunctions.Error at the edge.

export type FigureErrorCode = 'NA' | 'VALUE';

export class FigureError extends Error {
  constructor(
    readonly code: FigureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FigureError';
  }
}

export const notAvailable = (message: string) => new FigureError('NA', message);
export const invalidValue = (message: string) => new FigureError('VALUE', message);

export const MESSAGES = {
  signIn: 'Sign in from the AR task pane.',
  unreachable: (serverUrl: string) => `The AR server (${serverUrl}) could not be reached.`,
  timedOut: (serverUrl: string, seconds: number) => `The AR server (${serverUrl}) could not be reached: no answer in ${seconds} s.`,
  refused: 'The AR server refused the saved token. Sign in again from the AR task pane.',
  badReply: (serverUrl: string) => `The AR server (${serverUrl}) answered, but not as expected.`,
} as const;
