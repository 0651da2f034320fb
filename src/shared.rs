//! `Shared<T>`: an `Rc` that compares by identity, so large immutable values (the story, the
//! boot result) can be component props without deep comparisons on every render.

use std::{ops::Deref, rc::Rc};

/// A shared immutable value; two are equal when they are the same allocation.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
