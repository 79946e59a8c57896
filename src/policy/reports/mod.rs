//! What the product shows about a policy: the truth table, the user journey, the choices that
//! reproduce an opened policy, and [`analysis`], which builds them all at once.

pub mod analysis;
pub mod audit;
pub mod closest;
pub mod diff;
pub mod infer;
pub mod journey;
pub mod truth_table;
