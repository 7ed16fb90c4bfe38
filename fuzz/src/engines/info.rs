//! What the engines are asked about a module: its exports and their types,
//! read once with `wasmparser` so that every engine is driven alike.

use wasmparser::{CompositeInnerType, ExternalKind, Operator, Parser, Payload, TypeRef};

/// A value type within Mote's features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    I32,
    I64,
    F32,
    F64,
    FuncRef,
    ExternRef,
    /// Only in the execute target's modules with exception handling.
    ExnRef,
}

impl Ty {
    fn from_wasm(t: wasmparser::ValType) -> Option<Ty> {
        Some(match t {
            wasmparser::ValType::I32 => Ty::I32,
            wasmparser::ValType::I64 => Ty::I64,
            wasmparser::ValType::F32 => Ty::F32,
            wasmparser::ValType::F64 => Ty::F64,
            wasmparser::ValType::Ref(r) if r == wasmparser::RefType::FUNCREF => Ty::FuncRef,
            wasmparser::ValType::Ref(r) if r == wasmparser::RefType::EXTERNREF => Ty::ExternRef,
            wasmparser::ValType::Ref(r) if r == wasmparser::RefType::EXNREF => Ty::ExnRef,
            _ => return None,
        })
    }
}

/// The kind of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternKind {
    Func,
    Memory,
    Global,
    Table,
}

/// An exported function and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFunc {
    pub name: String,
    pub params: Vec<Ty>,
    pub results: Vec<Ty>,
}

/// A module's exports.
#[derive(Debug, Clone, Default)]
pub struct ModuleInfo {
    /// Every export, in order.
    pub exports: Vec<(String, ExternKind)>,
    /// The exported functions, in order.
    pub funcs: Vec<ExportFunc>,
    /// Whether a `return_call` may reach an imported function: a direct
    /// one to an import, or any `return_call_indirect` in a module that
    /// imports functions. (wasmi 2.0.0 corrupts its caller's frame then.)
    pub tail_calls_host: bool,
}

type FuncSig = (Vec<Ty>, Vec<Ty>);

impl ModuleInfo {
    /// Reads the exports of a valid module; `None` if it is not one or uses
    /// a type beyond Mote's features.
    pub fn parse(wasm: &[u8]) -> Option<ModuleInfo> {
        let mut types: Vec<Option<FuncSig>> = Vec::new();
        let mut funcs: Vec<u32> = Vec::new();
        let mut info = ModuleInfo::default();
        let mut exported_funcs = Vec::new();
        let mut imported_funcs = 0;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.ok()? {
                Payload::TypeSection(r) => {
                    for group in r {
                        for sub in group.ok()?.into_types() {
                            types.push(match &sub.composite_type.inner {
                                CompositeInnerType::Func(f) => Some((
                                    f.params()
                                        .iter()
                                        .map(|&t| Ty::from_wasm(t))
                                        .collect::<Option<_>>()?,
                                    f.results()
                                        .iter()
                                        .map(|&t| Ty::from_wasm(t))
                                        .collect::<Option<_>>()?,
                                )),
                                _ => None,
                            });
                        }
                    }
                }
                Payload::ImportSection(r) => {
                    for import in r.into_imports() {
                        if let TypeRef::Func(t) | TypeRef::FuncExact(t) = import.ok()?.ty {
                            funcs.push(t);
                            imported_funcs += 1;
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for t in r {
                        funcs.push(t.ok()?);
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        let e = e.ok()?;
                        let kind = match e.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => {
                                exported_funcs.push((e.name.to_owned(), e.index));
                                ExternKind::Func
                            }
                            ExternalKind::Memory => ExternKind::Memory,
                            ExternalKind::Global => ExternKind::Global,
                            ExternalKind::Table => ExternKind::Table,
                            ExternalKind::Tag => return None,
                        };
                        info.exports.push((e.name.to_owned(), kind));
                    }
                }
                Payload::CodeSectionEntry(body) if imported_funcs > 0 => {
                    for op in body.get_operators_reader().ok()? {
                        match op.ok()? {
                            Operator::ReturnCall { function_index }
                                if function_index < imported_funcs =>
                            {
                                info.tail_calls_host = true;
                            }
                            Operator::ReturnCallIndirect { .. } => info.tail_calls_host = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, index) in exported_funcs {
            let ty = *funcs.get(index as usize)?;
            let (params, results) = types.get(ty as usize)?.clone()?;
            info.funcs.push(ExportFunc {
                name,
                params,
                results,
            });
        }
        Some(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_come_with_their_types_in_order() {
        let wasm = wat::parse_str(
            r#"(module
                (import "m" "f" (func (param i64)))
                (memory (export "mem") 1)
                (func (export "a") (param i32 f64) (result externref) ref.null extern)
                (global (export "g") i32 (i32.const 3))
                (export "imported" (func 0)))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let kinds: Vec<_> = info.exports.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        assert_eq!(
            kinds,
            [
                ("mem", ExternKind::Memory),
                ("a", ExternKind::Func),
                ("g", ExternKind::Global),
                ("imported", ExternKind::Func)
            ]
        );
        assert_eq!(info.funcs[0].params, [Ty::I32, Ty::F64]);
        assert_eq!(info.funcs[0].results, [Ty::ExternRef]);
        assert_eq!(info.funcs[1].params, [Ty::I64]);
        assert!(!info.tail_calls_host);
    }

    #[test]
    fn tail_calls_that_may_reach_the_host_are_noticed() {
        let parse = |body: &str| {
            let wasm = wat::parse_str(format!(
                r#"(module (import "m" "f" (func $f)) (type $t (func))
                     (table 1 funcref) (func $g) (func {body}))"#
            ))
            .unwrap();
            ModuleInfo::parse(&wasm).unwrap().tail_calls_host
        };
        assert!(parse("return_call $f"));
        assert!(parse("(return_call_indirect (type $t) (i32.const 0))"));
        assert!(!parse("return_call $g"));
        assert!(!parse("call $f"));
    }
}
