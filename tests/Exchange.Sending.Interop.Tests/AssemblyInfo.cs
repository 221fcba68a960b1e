// The tests share gromox's three mailboxes and its single delivery queue: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
