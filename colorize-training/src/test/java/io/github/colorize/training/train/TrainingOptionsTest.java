package io.github.colorize.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

  private static TrainingOptions.Builder options() {
    return TrainingOptions.builder().trainFolders(List.of(Path.of("photos")))
        .outputDir(Path.of("runs/x"));
  }

  @Test
  void theLambdaIsTheLossVariantsUnlessGiven() {
    assertThat(options().build().lambda()).isEqualTo(0.5);
    assertThat(options().loss(LossVariant.CLASS).build().lambda()).isEqualTo(1.0);
    TrainingOptions given = options().loss(LossVariant.CLASS).rebalanceLambda(0.75).build();
    assertThat(given.lambda()).isEqualTo(0.75);
    assertThat(given.lossLabel()).isEqualTo("class (lambda 0.75)");
    assertThat(options().build().lossLabel()).isEqualTo("full");
  }

  @Test
  void theLambdaTravelsInTheRecipeAndOldRecipesReadAsTheVariants() {
    TrainingOptions given = options().rebalanceLambda(0.8).build();
    TrainingOptions read = TrainingOptions.fromJson(given.toJson());
    assertThat(read).isEqualTo(given);
    assertThat(read.sameRecipe(options().build())).isFalse();

    // Unset, it is not written, as in recipes from before the option.
    String old = options().loss(LossVariant.CLASS).build().toJson();
    assertThat(old).doesNotContain("rebalanceLambda");
    assertThat(TrainingOptions.fromJson(old).lambda()).isEqualTo(1.0);
  }

  @Test
  void aBadLambdaIsRefusedWithItsValue() {
    assertThatThrownBy(() -> options().rebalanceLambda(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rebalancing lambda is 1.5, expected in [0, 1]");
    assertThatThrownBy(() -> options().loss(LossVariant.L2).rebalanceLambda(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2 loss");
  }
}
