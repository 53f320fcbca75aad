/**
 * How a customer writes our document numbers: `INV-001042`, `inv 1042`, `Invoice #1042`, `1042`.
 * The normalised form keeps what identifies the document: upper case, no document-type prefix,
 * no punctuation or spaces, no leading zeros in any of its numbers. Two documents of different types may share a
 * normalised number (INV-1042, CRN-1042); the matcher tells them apart by sign.
 */
const PREFIX = /^(INVOICE|INV|CREDIT\s*NOTE|CRN|CN|CR|PAYMENT|PMT|PAY|RECEIPT|RCPT|DOC|REF|ADJ|NO)(?=[^A-Z]|$)/;

export function normaliseReference(ref: string): string {
  const whole = ref.toUpperCase().replace(/[^A-Z0-9]/g, '');
  let s = ref.toUpperCase().trim();
  // Strip one or more prefixes such as "INV-", "Invoice No. ", "REF: INV ".
  for (let i = 0; i < 3; i++) {
    const m = PREFIX.exec(s);
    if (!m) break;
    s = s.slice(m[0].length).replace(/^[^A-Z0-9]+/, '');
  }
  // Leading zeros of every number in it: R-001005 and R-1005 are the same document.
  s = s.replace(/(^|[^0-9])0+(?=[0-9])/g, '$1');
  s = s.replace(/[^A-Z0-9]/g, '');
  // A reference that is nothing but a prefix ("INVOICE") stays as written.
  return s || whole;
}
