//! Runs customer-list queries on a worker thread with its own connection, so typing in the search
//! box never waits for the database. Only the newest query matters: stale ones are skipped, and a
//! result that arrives for an older query than the newest sent is dropped. Dropping the loader
//! waits for its worker to finish, so its connection is closed when the drop returns (a restore
//! replaces the register file only once no connection is left).

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use crate::domain::customer::CustomerId;
use crate::store::{CustomerQuery, Store};

type Job = (u64, CustomerQuery);
type Outcome = (u64, Result<Vec<CustomerId>, crate::store::Error>);

pub struct ListLoader {
    /// `None` only while dropping: closing the queue tells the worker to stop.
    jobs: Option<Sender<Job>>,
    worker: Option<JoinHandle<()>>,
    outcomes: Receiver<Outcome>,
    newest_sent: u64,
    pending: bool,
}

impl ListLoader {
    /// Starts the worker on a second connection to the register. `ctx` is woken when a result is in.
    pub fn start(reader: Store, ctx: egui::Context) -> std::io::Result<Self> {
        let (jobs, job_queue) = channel::<Job>();
        let (outcome_sender, outcomes) = channel::<Outcome>();
        let worker = std::thread::Builder::new().name("customer-search".into()).spawn(move || {
            while let Ok(mut job) = job_queue.recv() {
                // Skip to the newest query typed so far.
                loop {
                    match job_queue.try_recv() {
                        Ok(newer) => job = newer,
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
                let (generation, query) = job;
                let result = reader.customer_ids(&query);
                if outcome_sender.send((generation, result)).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        })?;
        Ok(Self { jobs: Some(jobs), worker: Some(worker), outcomes, newest_sent: 0, pending: false })
    }

    /// Sends a query; its result replaces whatever the list shows when it arrives.
    pub fn request(&mut self, query: CustomerQuery) {
        self.newest_sent += 1;
        self.pending = self.jobs.as_ref().is_some_and(|jobs| jobs.send((self.newest_sent, query)).is_ok());
    }

    /// The newest query's result, once it has arrived.
    pub fn poll(&mut self) -> Option<Result<Vec<CustomerId>, crate::store::Error>> {
        let mut newest = None;
        while let Ok((generation, result)) = self.outcomes.try_recv() {
            if generation == self.newest_sent {
                self.pending = false;
                newest = Some(result);
            }
        }
        newest
    }

    /// A query is on its way.
    pub fn is_pending(&self) -> bool {
        self.pending
    }
}

impl Drop for ListLoader {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(worker) = self.worker.take() {
            // A worker that panicked has nothing left to close.
            let _ = worker.join();
        }
    }
}
