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
        choose error: there is no choice 6
    "#]]
    .assert_eq(&transcript(&s, 1, &[0, 0, 1, 5]));
}

#[test]
fn variables_clamp_fairmath_words_and_conditions() {
    let s = story("variables");
    expect![[r#"
        == v.start [Numbers] turn 0
           vars: stress=20 principled=50 suspicion=0 tickets=1 met_sdm=false team=none
        Stress 20 is *rested*; principled 50; tickets 1.
        You have not met the SDM.
        Team: none.
        Your hands are steady. Suspicion 0.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Meet the SDM.
          4. Compute.
          5. Leave.
        > 1
        == v.start [Numbers] turn 1
           changed: stress=80 (was 20) suspicion=50 (was 0) tickets=2 (was 1)
        Stress 80 is *frayed*; principled 50; tickets 2.
        You have not met the SDM.
        Team: none.
        Your hands shake. Suspicion 50.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Meet the SDM.
          4. Compute.
          5. Leave.
        > 1
        == v.start [Numbers] turn 2
           changed: stress=100 (was 80) suspicion=75 (was 50) tickets=3 (was 2)
        Stress 100 is *smoking*; principled 50; tickets 3.
        You have not met the SDM.
        Team: none.
        Your hands shake. Suspicion 75.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Meet the SDM.
          4. Compute.
          5. Leave.
        > 2
        == v.start [Numbers] turn 3
           changed: stress=50 (was 100) principled=60 (was 50) tickets=4 (was 3)
        Stress 50 is *tense*; principled 60; tickets 4.
        You have not met the SDM.
        Team: none.
        Your hands are steady. Suspicion 75.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Meet the SDM.
          4. Compute.
          5. Leave.
        > 3
        == v.start [Numbers] turn 4
           changed: principled=0 (was 60) tickets=5 (was 4) met_sdm=true (was false) team=change (was none)
        Stress 50 is *tense*; principled 0; tickets 5.
        You know the SDM.
        Your hands are steady. Suspicion 75.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Compute.
          4. Leave.
        > 3
        == v.start [Numbers] turn 5
           changed: stress=30 (was 50) tickets=3 (was 5)
        Stress 30 is *rested*; principled 0; tickets 3.
        You know the SDM.
        Your hands are steady. Suspicion 75.
          1. Panic (+60 stress).
          2. Breathe (fairmath down 50).
          3. Compute.
          4. Leave.
        > 4
        == v.end [Numbers] turn 6
        Bye.
        ENDING done: Done
        Stress ended at 30 (rested).
        > 4
        choose error: there is no choice 4
    "#]]
    .assert_eq(&transcript(&s, 1, &[0, 0, 1, 2, 2, 3, 3]));
}

#[test]
fn choices_once_locked_hidden_and_fallback() {
    let s = story("choices");
    expect![[r#"
        == c.hub [Choices] turn 0
           vars: skill=50 coins=0
        The hub. Coins: 0. Skill: 50.
          1. Pick up the coin (once).
          2. Train (sticky).
          3. Quote the SLA. [locked: Requires skill 60]
          4. Cash out. [locked: You have no coins]
        > 2
        == c.hub [Choices] turn 1
           changed: skill=60 (was 50)
        The hub. Coins: 0. Skill: 60.
          1. Pick up the coin (once).
          2. Train (sticky).
          3. Quote the SLA.
          4. Cash out. [locked: You have no coins]
        > 3
        == c.hub [Choices] turn 2
        The hub. Coins: 0. Skill: 60.
          1. Pick up the coin (once).
          2. Train (sticky).
          3. Quote the SLA.
          4. Cash out. [locked: You have no coins]
        > 1
        == c.hub [Choices] turn 3
           changed: coins=1 (was 0)
        The hub. Coins: 1. Skill: 60.
          1. Train (sticky).
          2. Quote the SLA.
          3. Cash out.
        > 1
        == c.hub [Choices] turn 4
           changed: skill=70 (was 60)
        The hub. Coins: 1. Skill: 70.
          1. Train (sticky).
          2. Quote the SLA.
          3. Secret (hidden until skill 70).
          4. Cash out.
        > 3
        == c.hub [Choices] turn 5
           changed: skill=65 (was 70)
        The hub. Coins: 1. Skill: 65.
          1. Train (sticky).
          2. Quote the SLA.
          3. Cash out.
        > 3
        == c.bank [Choices] turn 6
        The bank.
        ENDING rich: Rich
    "#]]
    .assert_eq(&transcript(&s, 1, &[1, 2, 0, 0, 2, 2]));
}

#[test]
fn storylets_priority_weight_cooldown_and_return() {
    let s = story("storylets");
    expect![[r#"
        == w.monday [The week] turn 0
           vars: week=0 fire=false
        Week 0. Monday.
          1. Start the day.
          2. Set the data centre on fire.
          3. Go home. [locked: Not before week 4]
        > 2
        == w.monday [The week] turn 1
           changed: fire=true (was false)
        Week 0. Monday.
          1. Start the day.
          2. Go home. [locked: Not before week 4]
        > 1
        == w.outage [The week] turn 2
           changed: fire=false (was true)
        Everything is on fire.
          1. Put it out.
        > 1
        == w.evening [The week] turn 3
           changed: week=1 (was 0)
        Evening.
          1. Next day.
        > 1
        == w.monday [The week] turn 4
        Week 1. Monday.
          1. Start the day.
          2. Set the data centre on fire.
          3. Go home. [locked: Not before week 4]
        > 1
        == w.tickets [The week] turn 5
        Tickets, the first time.
          1. Close them.
        > 1
        == w.evening [The week] turn 6
           changed: week=2 (was 1)
        Evening.
          1. Next day.
        > 1
        == w.monday [The week] turn 7
        Week 2. Monday.
          1. Start the day.
          2. Set the data centre on fire.
          3. Go home. [locked: Not before week 4]
        > 1
        == w.tickets [The week] turn 8
        Tickets, again.
          1. Close them.
        > 1
        == w.evening [The week] turn 9
           changed: week=3 (was 2)
        Evening.
          1. Next day.
        > 1
        == w.monday [The week] turn 10
        Week 3. Monday.
          1. Start the day.
          2. Set the data centre on fire.
          3. Go home. [locked: Not before week 4]
        > 1
        == w.tickets [The week] turn 11
        Tickets, again.
          1. Close them.
        > 1
        == w.evening [The week] turn 12
           changed: week=4 (was 3)
        Evening.
          1. Next day.
        > 1
        == w.monday [The week] turn 13
        Week 4. Monday.
          1. Start the day.
          2. Set the data centre on fire.
          3. Go home.
        > 1
        == w.tickets [The week] turn 14
        Tickets, again.
          1. Close them.
        > 1
        == w.evening [The week] turn 15
           changed: week=5 (was 4)
        Evening.
          1. Next day.
        > 2
        choose error: there is no choice 2
    "#]]
    .assert_eq(&transcript(
        &s,
        3,
        &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ));
}

#[test]
fn tunnels_nest_return_and_hit_the_depth_limit() {
    let s = story("tunnels");
    expect![[r#"
        == t.top [Down and up] turn 0
           vars: depth=0
        Top, depth 0.
          1. Call the helper.
          2. Call the helper, then go to the end.
          3. Dig forever.
        > 1
        == t.helper [Down and up] turn 1
           changed: depth=1 (was 0)
        Helper, depth 1.
          1. Go deeper.
          2. Return.
        > 1
        == t.helper [Down and up] turn 2
           changed: depth=2 (was 1)
        Helper, depth 2.
          1. Go deeper.
          2. Return.
        > 2
        == t.helper [Down and up] turn 3
        Helper, depth 2.
          1. Go deeper.
          2. Return.
        > 2
        == t.top [Down and up] turn 4
           changed: depth=1 (was 2)
        Top, depth 1.
          1. Call the helper.
          2. Call the helper, then go to the end.
          3. Dig forever.
        > 2
        == t.helper [Down and up] turn 5
           changed: depth=2 (was 1)
        Helper, depth 2.
          1. Go deeper.
          2. Return.
        > 1
        == t.helper [Down and up] turn 6
           changed: depth=3 (was 2)
        Helper, depth 3.
          1. Go deeper.
          2. Return.
        > 2
        == t.helper [Down and up] turn 7
        Helper, depth 3.
          1. Go deeper.
          2. Return.
        > 2
        == t.end [Down and up] turn 8
           changed: depth=2 (was 3)
        The end.
        ENDING out: Out
        > 3
        choose error: there is no choice 3
    "#]]
    .assert_eq(&transcript(&s, 1, &[0, 0, 1, 1, 1, 0, 1, 1, 2]));
}

#[test]
fn deep_tunnels_stop_at_the_limit() {
    let s = story("tunnels");
    let script = [0; 20];
    let t = transcript(&s, 1, &script);
    let tail: Vec<&str> = t.lines().rev().take(2).collect();
    expect![[r#"
        [
            "choose error: tunnels nested deeper than 16 (in passage t.helper)",
            "> 1",
        ]
    "#]]
    .assert_debug_eq(&tail);
}

#[test]
fn automatic_loops_hit_the_step_budget() {
    let s = story("tunnels");
    let t = transcript(&s, 1, &[2]);
    expect!["choose error: tunnels nested deeper than 16 (in passage t.dig)"]
        .assert_eq(t.lines().last().unwrap_or_default());
    let s = story("loops");
    let t = transcript(&s, 1, &[0]);
    expect!["choose error: more than 1000 automatic moves: the story loops without a choice (last: l.pong → l.ping → l.pong → l.ping → l.pong → l.ping → l.pong → l.ping)"].assert_eq(t.lines().last().unwrap_or_default());
}

#[test]
fn varying_text_and_achievements() {
    let s = story("varying");
    expect![[r#"
        == x.room [Again and again] turn 0
        You arrive. Tick.
        The radio plays news {not markup} *literal*.
        Random visitor: 2; room visits: 1.
          1. Wait.
          2. Leave.
        > 1
        == x.room [Again and again] turn 1
        You are back. Tock.
        The radio plays rock {not markup} *literal*.
        Random visitor: 2; room visits: 2.
          1. Wait some more.
          2. Leave.
        > 1
        == x.room [Again and again] turn 2
           achievements: regular
        Here again. Tick.
        The radio plays jazz {not markup} *literal*.
        Random visitor: 2; room visits: 3.
          1. Wait.
          2. Leave.
        > 1
        == x.room [Again and again] turn 3
           achievements: regular
        Here again. Tock.
        The radio plays news {not markup} *literal*.
        Random visitor: 4; room visits: 4.
          1. Wait some more.
          2. Leave.
        > 1
        == x.room [Again and again] turn 4
           achievements: regular
        Here again. Tick.
        The radio plays jazz {not markup} *literal*.
        Random visitor: 3; room visits: 5.
          1. Wait.
          2. Leave.
        > 2
        == x.out [Again and again] turn 5
           achievements: leaver regular
        Out.
        ENDING gone: Gone
        Seen 5 turns.
    "#]]
    .assert_eq(&transcript(&s, 9, &[0, 0, 0, 0, 1]));
}
