/**
 * Training on SameDiff: a weighted per-pixel loss on a converted ONNX graph, Adam, BatchNorm
 * running statistics, and checkpoints of the optimizer state.
 *
 * <pre>{@code
 * Eccv16 net = Eccv16.logits(0.25);
 * TrainingGraph tg = TrainingGraph.builder(net.graph(net.initialWeights(seed)))
 *     .inputSize(176, 176)                       // crops; the batch size may vary
 *     .loss(TrainingLoss.SOFT_CROSS_ENTROPY)     // or L2 for Eccv16.ab(width)
 *     .adam(AdamSettings.paper())                // lr 3e-5, betas 0.9/0.99, decay 1e-3
 *     .build();
 * double loss = tg.fit(l, softTargets, pixelWeights);   // [N,1,176,176], [N,313,44,44], [N,1,44,44]
 * Map<String, FloatTensor> weights = tg.weights();      // Eccv16 names, running BN stats included
 * OnnxGraph export = net.graph(weights);
 * OptimizerState state = tg.optimizerState();           // with the weights: a checkpoint
 * // resume: TrainingGraph.builder(net.graph(savedWeights))...build().restoreOptimizerState(state)
 * }</pre>
 */
package io.github.colorize.dl4j.train;
