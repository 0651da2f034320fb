//! Golden transcripts: each fixture played with scripted choices and a seed. Every one also
//! runs with save → restore at each step (see `support::transcript`). `UPDATE_EXPECT=1` rewrites.

use crate::support::{story, transcript};
use expect_test::expect;

#[test]
fn basic() {
    let s = story("basic");
    expect![[r#"
        == one.door [Chapter One] turn 0
        A door. It is **locked**, or maybe not.
        A window.
          1. Open the door.
          2. Climb out of the window.
        > 1
        == one.hall [Chapter One] turn 1
        A hall.
          1. Go back.
          2. Leave by the back door.
        > 1
        == one.door [Chapter One] turn 2
        A door. It is **locked**, or maybe not.
        A window.
          1. Open the door.
          2. Climb out of the window.
        > 2
        == one.garden [Chapter One] turn 3
        Fresh air.
        ENDING out: Outside
        You are *out*.
        The end.
        > 6
        choose error: there is no choice 5
    "#]]
    .assert_eq(&transcript(&s, 1, &[0, 0, 1, 5]));
}
