//! The map the engine keeps its few keyed tables in: the type registry's
//! ids by type, and the linker's definitions by name.
//!
//! With `wasm` it is `hashbrown`'s map. A runner (`image` without `wasm`)
//! keeps them in a vector searched in order instead: a firmware's types
//! and host functions are tens, not thousands, and `hashbrown` with its
//! hasher cost the runner about 2.5 KB of thumbv7em-none-eabihf `.text`.

#[cfg(feature = "wasm")]
pub(crate) type Map<K, V> = hashbrown::HashMap<K, V>;

#[cfg(not(feature = "wasm"))]
pub(crate) use small::Map;

#[cfg(not(feature = "wasm"))]
mod small {
    use alloc::vec::Vec;

    /// A map in a vector: each key once, found by a search in order.
    pub(crate) struct Map<K, V> {
        entries: Vec<(K, V)>,
    }

    impl<K, V> Default for Map<K, V> {
        fn default() -> Self {
            Map {
                entries: Vec::new(),
            }
        }
    }

    impl<K: core::fmt::Debug, V: core::fmt::Debug> core::fmt::Debug for Map<K, V> {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.debug_map()
                .entries(self.entries.iter().map(|(k, v)| (k, v)))
                .finish()
        }
    }

    impl<K: Eq, V> Map<K, V> {
        /// An empty map.
        pub fn new() -> Self {
            Self::default()
        }

        /// The value of `key`, if any.
        pub fn get(&self, key: &K) -> Option<&V> {
            self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }

        /// Whether `key` has a value.
        pub fn contains_key(&self, key: &K) -> bool {
            self.get(key).is_some()
        }

        /// Gives `key` the value `value`; returns the one it replaces.
        pub fn insert(&mut self, key: K, value: V) -> Option<V> {
            match self.entries.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => Some(core::mem::replace(v, value)),
                None => {
                    self.entries.push((key, value));
                    None
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::Map;

        #[test]
        fn each_key_once() {
            let mut m = Map::new();
            assert_eq!(m.insert("a", 1), None);
            assert_eq!(m.insert("b", 2), None);
            assert_eq!(m.insert("a", 3), Some(1));
            assert_eq!(m.get(&"a"), Some(&3));
            assert_eq!(m.get(&"b"), Some(&2));
            assert!(!m.contains_key(&"c"));
            assert_eq!(m.entries.len(), 2);
        }
    }
}
