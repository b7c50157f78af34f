package io.fleetkit.stacks.rootrestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.constructs.SsmDocument;
import io.fleetkit.support.TestApps;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;

/**
 * The runbooks against the SDK they name, by reflection on SDK 2.40.2: every step that calls AWS names a service
 * whose client has the operation ({@code Service: ec2, Api: CreateReplaceRootVolumeTask} →
 * {@code Ec2Client.createReplaceRootVolumeTask}), passes only members of the operation's request (nested ones
 * too; Automation passes them to the API as written), selects only members of its response, expects only values
 * of the selected enum, and has a timeout; each document stays under SSM's 64 KB.
 */
class RunbooksSdkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ROLE = "arn:aws:iam::111122223333:role/fleetkit-root-restore-RunbookRole7C84C6BE-0123456789AB";
  static final List<String> AWS_ACTIONS = List.of("aws:executeAwsApi", "aws:waitForAwsResourceProperty",
      "aws:assertAwsResourceProperty");
  /** Inputs of the actions themselves, not of the API (Automation actions reference). */
  static final List<String> ACTION_INPUTS = List.of("Service", "Api", "PropertySelector", "DesiredValues");

  static RootRestorePlan plan() {
    return RootRestorePlan.of(TestApps.config("""
        project: {prefix: fleetkit}
        root_volume_restore:
          enabled: true
          allowed_images: [ami-0a1b2c3d4e5f60001]
        """));
  }

  static List<JsonNode> documents() {
    RootRestorePlan plan = plan();
    return List.of(JSON.valueToTree(Runbooks.replace(plan, ROLE)), JSON.valueToTree(Runbooks.restorePoint(plan, ROLE)));
  }

  @Test
  void everyStepThatCallsAwsMatchesTheSdk() throws Exception {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (JsonNode doc : documents()) {
      for (JsonNode step : doc.get("mainSteps")) {
        if (!AWS_ACTIONS.contains(step.get("action").asText())) continue;
        problems.addAll(check(step));
        checked++;
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(22, checked);
  }

  @Test
  void theCheckerCatchesAVolumeIdThatThisSdkLacksAndAnUnknownApiOrSelector() throws Exception {
    JsonNode step = JSON.readTree("""
        {"name": "x", "action": "aws:executeAwsApi", "timeoutSeconds": 60,
         "inputs": {"Service": "ec2", "Api": "CreateReplaceRootVolumeTask", "InstanceId": "i-1", "VolumeId": "vol-1",
                    "TagSpecifications": [{"ResourceType": "replace-root-volume-task", "Tag": []}]},
         "outputs": [{"Name": "T", "Selector": "$.ReplaceRootVolumeTask.VolumeId", "Type": "String"}]}
        """);
    assertEquals(List.of(
        "x: CreateReplaceRootVolumeTaskRequest has no member VolumeId",
        "x: TagSpecification has no member Tag",
        "x: output T: ReplaceRootVolumeTask has no member VolumeId"), check(step));
    JsonNode api = JSON.readTree("""
        {"name": "y", "action": "aws:waitForAwsResourceProperty",
         "inputs": {"Service": "ec2", "Api": "DescribeReplaceRootVolumeTask", "PropertySelector": "$.X", "DesiredValues": []}}
        """);
    assertEquals(List.of("y: no timeoutSeconds", "y: Ec2Client has no operation describeReplaceRootVolumeTask"), check(api));
    JsonNode state = JSON.readTree("""
        {"name": "z", "action": "aws:assertAwsResourceProperty", "timeoutSeconds": 60,
         "inputs": {"Service": "ec2", "Api": "DescribeReplaceRootVolumeTasks", "ReplaceRootVolumeTaskIds": ["r"],
                    "PropertySelector": "$.ReplaceRootVolumeTasks[0].TaskState", "DesiredValues": ["done"]}}
        """);
    assertEquals(List.of("z: \"done\" is not a value of ReplaceRootVolumeTaskState"), check(state));
  }

  @Test
  void eachDocumentStaysUnderTheSsmDocumentSizeLimit() {
    for (JsonNode doc : documents()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> content = JSON.convertValue(doc, Map.class);
      int bytes = SsmDocument.size(content);
      // CreateDocument Content: "must not exceed 64KB", runtime parameters included; SsmDocument keeps 8 KB for those.
      assertTrue(bytes <= SsmDocument.MAX_CONTENT_BYTES, bytes + " bytes");
      assertTrue(bytes > 1000, "the document is " + bytes + " bytes: is it empty?");
    }
  }

  /** Every problem of one step, one line each. */
  static List<String> check(JsonNode step) throws Exception {
    List<String> out = new ArrayList<>();
    String name = step.get("name").asText();
    if (!step.has("timeoutSeconds") || step.get("timeoutSeconds").asInt() < 1) out.add(name + ": no timeoutSeconds");
    JsonNode inputs = step.get("inputs");
    String service = inputs.get("Service").asText();
    String api = inputs.get("Api").asText();
    String pkg = "software.amazon.awssdk.services." + service;
    Class<?> client = Class.forName(pkg + "." + Character.toUpperCase(service.charAt(0)) + service.substring(1) + "Client");
    String operation = Character.toLowerCase(api.charAt(0)) + api.substring(1);
    Class<?> request;
    Class<?> response;
    try {
      request = Class.forName(pkg + ".model." + api + "Request");
      Method m = client.getMethod(operation, request);
      response = m.getReturnType();
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      out.add(name + ": " + client.getSimpleName() + " has no operation " + operation);
      return out;
    }
    SdkPojo pojo = pojo(request);
    for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!ACTION_INPUTS.contains(e.getKey())) members(name, pojo, e.getKey(), e.getValue(), out);
    }
    SdkPojo answer = pojo(response);
    if (inputs.has("PropertySelector")) {
      Optional<Selected> s = select(name, "", answer, inputs.get("PropertySelector").asText(), out);
      if (s.isPresent()) {
        for (JsonNode v : inputs.get("DesiredValues")) enumValue(name, s.get(), v.asText(), out);
      }
    }
    for (JsonNode o : step.path("outputs")) {
      Optional<Selected> s = select(name, "output " + o.get("Name").asText() + ": ", answer, o.get("Selector").asText(), out);
      if (s.isPresent() && o.get("Type").asText().equals("String") && s.get().field().marshallingType() != MarshallingType.STRING) {
        out.add(name + ": output " + o.get("Name").asText() + " is not a String in the response");
      }
    }
    return out;
  }

  record Selected(SdkPojo owner, SdkField<?> field) {}

  /** An input value against a request member: nested structures and lists of structures are checked member by member. */
  static void members(String step, SdkPojo owner, String member, JsonNode value, List<String> out) throws Exception {
    SdkField<?> field = field(owner, member);
    if (field == null) {
      out.add(step + ": " + simple(owner) + " has no member " + member);
      return;
    }
    if (field.marshallingType() == MarshallingType.LIST && value.isArray()) {
      SdkField<?> item = field.getTrait(ListTrait.class).memberFieldInfo();
      for (JsonNode v : value) {
        if (item.marshallingType() == MarshallingType.SDK_POJO && v.isObject()) {
          SdkPojo nested = (SdkPojo) item.constructor().get();
          for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            members(step, nested, e.getKey(), e.getValue(), out);
          }
        }
      }
    } else if (field.marshallingType() == MarshallingType.SDK_POJO && value.isObject()) {
      SdkPojo nested = (SdkPojo) field.constructor().get();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        members(step, nested, e.getKey(), e.getValue(), out);
      }
    }
  }

  /** Walks a JSONPath of members and [0] list items, such as $.ReplaceRootVolumeTasks[0].TaskState. */
  static Optional<Selected> select(String step, String what, SdkPojo root, String path, List<String> out) throws Exception {
    if (!path.startsWith("$.")) {
      out.add(step + ": " + what + path + " does not start with $.");
      return Optional.empty();
    }
    SdkPojo owner = root;
    SdkField<?> field = null;
    for (String part : path.substring(2).split("\\.")) {
      if (field != null) {
        SdkField<?> f = field;
        if (f.marshallingType() == MarshallingType.LIST) f = f.getTrait(ListTrait.class).memberFieldInfo();
        owner = (SdkPojo) f.constructor().get();
      }
      String member = part.replaceAll("\\[\\d+]$", "");
      field = field(owner, member);
      if (field == null) {
        out.add(step + ": " + what + simple(owner) + " has no member " + member);
        return Optional.empty();
      }
    }
    return Optional.of(new Selected(owner, field));
  }

  /** A desired value must be one the selected member's enum knows (TaskState, State.Name, RootDeviceType...). */
  static void enumValue(String step, Selected s, String value, List<String> out) throws Exception {
    String getter = Character.toLowerCase(s.field().memberName().charAt(0)) + s.field().memberName().substring(1);
    // The owner is a model's BuilderImpl; the model class encloses it.
    Class<?> type = s.owner().getClass().getEnclosingClass().getMethod(getter).getReturnType();
    if (!type.isEnum()) return;
    Object parsed = type.getMethod("fromValue", String.class).invoke(null, value);
    // SDK enums print their wire value; an unknown one is the constant UNKNOWN_TO_SDK_VERSION.
    if (parsed == null || ((Enum<?>) parsed).name().equals("UNKNOWN_TO_SDK_VERSION")) {
      out.add(step + ": \"" + value + "\" is not a value of " + type.getSimpleName());
    }
  }

  static SdkPojo pojo(Class<?> type) throws Exception {
    return (SdkPojo) type.getMethod("builder").invoke(null);
  }

  static SdkField<?> field(SdkPojo owner, String member) {
    for (SdkField<?> f : owner.sdkFields()) {
      if (f.memberName().equals(member)) return f;
    }
    return null;
  }

  static String simple(SdkPojo owner) {
    return owner.getClass().getName().replaceAll(".*\\.", "").replace("$BuilderImpl", "");
  }
}
