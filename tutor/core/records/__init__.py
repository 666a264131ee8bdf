"""Learning records: who the learner is, the xAPI statements of their answers, sending them
to a learning record store (LRS), and the class report an educator reads from them."""
