//! Diagnostics: one broken fixture per code under `tests/fixtures/diag/<code>/`, asserting code,
//! file, line and column (the whole rendered line).

use crate::support::diagnostics;
use expect_test::expect;

#[test]
fn e001_unknown_passage() {
    expect![[r#"
        c.json:8:34: error[E001]: unknown passage `c.nope` (in passage c.a)
    "#]]
    .assert_eq(&diagnostics("diag/e001"));
}
