/** fast-check arbitraries shared by the fuzz tests. */
import fc from 'fast-check';

/** Names a user (or an attacker) can give a file. */
export const fileNameArbitrary = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.constantFrom(
          '\u202E', // right-to-left override
          '\u200F', // right-to-left mark
          '\u200B',
          '../',
          '..\\',
          '/etc/passwd',
          'C:\\Windows\\',
          '<img src=x onerror=alert(1)>',
          '<script>alert(1)</script>',
          '"><svg onload=alert(1)>',
          '&lt;b&gt;',
          'فاتورة',
          '請求書',
          '👩‍👩‍👧',
          '\0',
        ),
      ),
      { maxLength: 5 },
    ),
    fc.constantFrom('.pdf', '.PDF', '.jpg', '.exe', '', '.pdf.exe', '.', '.pdf ', '.tar.gz'),
  )
  .map(([parts, ext]) => parts.join('') + ext);
