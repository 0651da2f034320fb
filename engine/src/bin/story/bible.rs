//! The `seed:*` tags of the MSS story bible (`STORY-BIBLE.md`, "Seed coverage"): the one list
//! of them, so `story stats` can say which are still unused.
//!
//! The engine library knows nothing about MSS; this table is the CLI's only piece of it, and it
//! applies only to the story whose manifest id is [`STORY_ID`]. Add a tag here when the bible
//! gains one.

/// The manifest id of the story the bible describes.
pub const STORY_ID: &str = "mss";

/// Every seed tag of the bible, in the bible's order.
pub const SEED_TAGS: &[&str] = &[
    "seed:outsourcing",
    "seed:theory-vs-reality",
    "seed:in-house-trend",
    "seed:rendered-service",
    "seed:cx-1984",
    "seed:cluttered-itsm",
    "seed:mea-culpa",
    "seed:virtualization-access",
    "seed:sucked-in",
    "seed:daily-life",
    "seed:leaving",
    "seed:incident-team",
    "seed:change-team",
    "seed:problem-team",
    "seed:assistants",
    "seed:mid-management",
    "seed:top-management",
    "seed:sdm",
    "seed:showcase-wrong",
    "seed:decrease",
    "seed:why-i-left",
];
