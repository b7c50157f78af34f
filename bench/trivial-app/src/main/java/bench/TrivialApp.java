package bench;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/** The smallest useful CDK Java app: one stack, one bucket. */
public final class TrivialApp {
  public static void main(String[] args) {
    App app = new App();
    Stack stack = new Stack(app, "TrivialStack");
    Bucket.Builder.create(stack, "Bucket").build();
    app.synth();
  }
}
