//! Authors' tools over a loaded story: bending play for testing (`author`), exhaustive and
//! random play (`quicktest`, `randomtest`, `walk`), the map (`graph`), word counts (`stats`)
//! and the one plain-text transcript format (`transcript`).
//!
//! **Layer rule:** may import `front` and the runtime; nothing imports this layer.

pub(crate) mod author;
pub(crate) mod graph;
pub(crate) mod quicktest;
pub(crate) mod randomtest;
pub(crate) mod stats;
pub(crate) mod transcript;
pub(crate) mod walk;
