//! Exception handling: `throw`, `throw_ref`, `try_table` and the legacy
//! `try`/`catch`/`catch_all`/`delegate`/`rethrow`.
//!
//! Nothing is emitted where a handler begins: a function's handlers are a
//! side table ([`Handler`]) that the executor searches only when something
//! throws, so code that throws nothing runs as it would without them.
//!
//! - A `try_table`'s catch clauses become handlers over its body. Each
//!   lands on a pad placed after the body (jumped over by the body's own
//!   exit), where the payload (and exnref) sit in the temporaries above
//!   the `try_table`'s height, as if they had been pushed there: the pad is
//!   an ordinary branch to the clause's label, copies and all (or a return,
//!   for the function's label).
//! - A legacy `catch` arm starts with the exception in a hidden operand at
//!   the `try`'s height (the slot `rethrow` reads), and the payload above
//!   it. `delegate` is a handler that narrows the search to the handlers
//!   outside its label.

use super::func::{FuncTranslator, Handler, HandlerKind};
use super::stack::{Control, ControlKind};
use crate::error::Error;
use crate::ir::Op;
use wasmparser::{Catch, Operator, TryTable};

impl FuncTranslator<'_> {
    /// Translates an exception-handling operator, if `op` is one.
    pub(super) fn exception_operator(&mut self, op: &Operator<'_>) -> Option<Result<(), Error>> {
        Some(match *op {
            Operator::TryTable { ref try_table } => self.visit_try_table(try_table),
            Operator::Throw { tag_index } => self.visit_throw(tag_index),
            Operator::ThrowRef => {
                let exn = self.pop();
                self.emit(Op::ThrowRef { exn });
                self.reachable = false;
                Ok(())
            }
            Operator::Try { blockty } => self.visit_block(blockty, ControlKind::LegacyTry),
            Operator::Catch { tag_index } => self.visit_legacy_catch(Some(tag_index)),
            Operator::CatchAll => self.visit_legacy_catch(None),
            Operator::Delegate { relative_depth } => self.visit_delegate(relative_depth),
            Operator::Rethrow { relative_depth } => self.visit_rethrow(relative_depth),
            _ => return None,
        })
    }

    /// In unreachable code: the operators that end or split a frame.
    pub(super) fn dead_exception_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        let dead = self.controls.last().is_some_and(|c| c.dead);
        match *op {
            Operator::Catch { tag_index } if !dead => self.visit_legacy_catch(Some(tag_index)),
            Operator::CatchAll if !dead => self.visit_legacy_catch(None),
            Operator::Delegate { relative_depth } => {
                if dead {
                    self.controls.pop();
                    Ok(())
                } else {
                    self.visit_delegate(relative_depth)
                }
            }
            _ => Ok(()),
        }
    }

    /// The index in `controls` of the frame `depth` labels out.
    fn label_index(&self, depth: u32) -> Result<usize, Error> {
        (self.controls.len() - 1)
            .checked_sub(depth as usize)
            .ok_or(Error::internal())
    }

    /// `rethrow` of the exception the catch arm `depth` labels out keeps
    /// (the validator checked that the label is a catch arm).
    fn visit_rethrow(&mut self, depth: u32) -> Result<(), Error> {
        let idx = self.label_index(depth)?;
        let exn = self.temp(self.controls[idx].height);
        self.emit(Op::ThrowRef { exn });
        self.reachable = false;
        Ok(())
    }

    fn visit_throw(&mut self, tag: u32) -> Result<(), Error> {
        let n = self.header.tag_type(tag)?.param_slots() as u32;
        let args = self.materialize_top(n);
        for _ in 0..n {
            self.pop();
        }
        self.emit(Op::Throw { tag, args });
        self.reachable = false;
        Ok(())
    }

    fn visit_try_table(&mut self, try_table: &TryTable) -> Result<(), Error> {
        self.visit_block(try_table.ty, ControlKind::TryTable)?;
        let frame = self.controls.last_mut().ok_or(Error::internal())?;
        frame.catches = try_table.catches.clone();
        Ok(())
    }

    /// At the `end` of a `try_table` (its frame popped, the body's exit
    /// copies emitted): a landing pad and a handler per catch clause. The
    /// body's exit jumps over the pads, to the frame's end (one of the
    /// fixups of the frame returned). Other frames are returned as they are.
    pub(super) fn catch_pads(&mut self, mut frame: Control) -> Result<Control, Error> {
        if frame.kind != ControlKind::TryTable || frame.catches.is_empty() {
            return Ok(frame);
        }
        let (height, start) = (frame.height, frame.start);
        let catches = core::mem::take(&mut frame.catches);
        let end = self.pc()?;
        if self.reachable {
            frame.fixups.push(self.emit(Op::Br { target: 0 }));
        }
        // The frame was popped: its index is the count left.
        let depth = self.controls.len() as u32;
        for catch in catches {
            let (tag, label, with_ref) = match catch {
                Catch::One { tag, label } => (Some(tag), label, false),
                Catch::OneRef { tag, label } => (Some(tag), label, true),
                Catch::All { label } => (None, label, false),
                Catch::AllRef { label } => (None, label, true),
            };
            let n = match tag {
                Some(tag) => self.header.tag_type(tag)?.param_slots() as u32,
                None => 0,
            };
            self.reset_stack(height, 0)?;
            let target = self.label_here()?;
            for _ in 0..n + u32::from(with_ref) {
                self.push_temp()?;
            }
            self.pending.push(Handler {
                func: 0,
                start,
                end,
                depth,
                kind: HandlerKind::Catch {
                    tag,
                    values: self.temp(height),
                    exn: with_ref.then(|| self.temp(height + n)),
                    target,
                },
            });
            self.reachable = true;
            self.branch(label)?;
        }
        Ok(frame)
    }

    /// `catch` (with a tag) or `catch_all` of a legacy `try`: ends its body
    /// or the arm before, and starts an arm.
    fn visit_legacy_catch(&mut self, tag: Option<u32>) -> Result<(), Error> {
        let idx = self.controls.len() - 1;
        let here = self.pc()?;
        if self.reachable {
            self.end_copies();
            self.jump_to(idx, |target| Op::Br { target })?;
        }
        let frame = &mut self.controls[idx];
        if frame.kind == ControlKind::LegacyTry {
            frame.body_end = here;
        }
        frame.kind = ControlKind::LegacyCatch;
        let (height, start, end) = (frame.height, frame.start, frame.body_end);
        let n = match tag {
            Some(tag) => self.header.tag_type(tag)?.param_slots() as u32,
            None => 0,
        };
        self.reset_stack(height, 0)?;
        let target = self.label_here()?;
        // The hidden exnref, then the payload.
        for _ in 0..n + 1 {
            self.push_temp()?;
        }
        self.pending.push(Handler {
            func: 0,
            start,
            end,
            depth: idx as u32,
            kind: HandlerKind::Catch {
                tag,
                values: self.temp(height + 1),
                exn: Some(self.temp(height)),
                target,
            },
        });
        self.reachable = true;
        self.last_result = None;
        Ok(())
    }

    /// `delegate`: ends a legacy `try` whose exceptions go on to the
    /// handlers outside label `depth` (counted from outside the `try`).
    fn visit_delegate(&mut self, depth: u32) -> Result<(), Error> {
        let end = self.pc()?;
        if self.reachable {
            self.end_copies();
        }
        let frame = self.controls.pop().ok_or(Error::internal())?;
        let target = self.label_index(depth)?;
        self.pending.push(Handler {
            func: 0,
            start: frame.start,
            end,
            depth: self.controls.len() as u32,
            kind: HandlerKind::Delegate {
                depth: target as u32,
            },
        });
        self.bind(&frame.fixups)?;
        self.reset_stack(frame.height, frame.results)?;
        self.reachable = true;
        Ok(())
    }
}
