# Turns on Credential Guard on an EC2 Windows instance; SSM runs it as SYSTEM with Windows PowerShell.
# AWS: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/credential-guard.html
# Microsoft: https://learn.microsoft.com/windows/security/identity-protection/credential-guard/configure
# Idempotent: every run checks the prerequisites, writes only the values that differ, asks SSM Agent for one
# reboot after a change (exit 3010: it reboots and runs the script again), and otherwise checks that Credential
# Guard runs, failing when it does not. It reads the instance type from IMDSv2 and downloads nothing.
$ErrorActionPreference = 'Stop'
# fleetkit: settings

$DeviceGuardKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\DeviceGuard'
$HvciKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\DeviceGuard\Scenarios\HypervisorEnforcedCodeIntegrity'
$LsaKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa'
$PolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceGuard'
$StateKey = 'HKLM:\SOFTWARE\fleetkit\CredentialGuard'
$RebootMarker = 'RebootRequestedAtBoot'

function Stop-Run {
  param([string]$Reason)
  Write-Output "FAILED: $Reason"
  exit 1
}

function Get-RegistryValue {
  param([string]$Path, [string]$Name)
  $item = Get-ItemProperty -Path $Path -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $item) {
    return $null
  }
  return $item.$Name
}

# Returns whether it changed the value; its log line goes to the host, not to the function's output.
function Set-RegistryDword {
  param([string]$Path, [string]$Name, [int]$Value)
  $current = Get-RegistryValue -Path $Path -Name $Name
  if ($null -ne $current -and $current -eq $Value) {
    return $false
  }
  if (-not (Test-Path -Path $Path)) {
    New-Item -Path $Path -Force | Out-Null
  }
  New-ItemProperty -Path $Path -Name $Name -PropertyType DWord -Value $Value -Force | Out-Null
  Write-Host "set $Path\$Name = $Value (was $current)"
  return $true
}

# Preflight: OS build, role, UEFI Secure Boot, TPM, instance type.
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$build = [int]$os.BuildNumber
if ($build -eq $UnsupportedBuild) {
  Stop-Run "Windows Server 2025 (build $build): AWS does not support Credential Guard on Windows Server 2025"
}
if ($SupportedBuilds -notcontains $build) {
  Stop-Run "OS build $build is not Windows Server 2016 (14393), 2019 (17763) or 2022 (20348)"
}
if ($os.ProductType -eq 2) {
  Stop-Run 'this is a domain controller: Microsoft does not recommend Credential Guard there (no added security, application compatibility issues)'
}

$secureBoot = $false
try {
  $secureBoot = Confirm-SecureBootUEFI -ErrorAction Stop
} catch {
  Stop-Run "the instance does not boot in UEFI mode ($($_.Exception.Message)): launch it from a TPM-Windows_Server AMI"
}
if (-not $secureBoot) {
  Stop-Run 'UEFI Secure Boot is off: launch the instance from a TPM-Windows_Server AMI, which turns it on'
}

$tpm = $null
try {
  $tpm = Get-Tpm -ErrorAction Stop
} catch {
  Stop-Run "Get-Tpm failed ($($_.Exception.Message)): AWS requires an AMI with NitroTPM (TPM-Windows_Server)"
}
if (-not $tpm.TpmPresent) {
  Stop-Run 'no TPM: AWS requires an AMI with NitroTPM enabled (TPM-Windows_Server) and an instance type that supports it'
}

$instanceType = $null
try {
  $token = Invoke-RestMethod -Method Put -Uri 'http://169.254.169.254/latest/api/token' -Headers @{ 'X-aws-ec2-metadata-token-ttl-seconds' = '60' } -TimeoutSec 5
  $instanceType = Invoke-RestMethod -Uri 'http://169.254.169.254/latest/meta-data/instance-type' -Headers @{ 'X-aws-ec2-metadata-token' = $token } -TimeoutSec 5
} catch {
  Stop-Run "cannot read the instance type from the instance metadata service (IMDSv2): $($_.Exception.Message)"
}
$parts = $instanceType.Split('.')
if ($SupportedFamilies -notcontains $parts[0]) {
  Stop-Run "instance type $instanceType is not of a family that AWS lists for Credential Guard"
}
if ($parts[1].StartsWith('metal')) {
  Stop-Run "instance type $instanceType is bare metal: Credential Guard is not supported on bare metal"
}
if ($UnsupportedTypes -contains $instanceType) {
  Stop-Run "instance type $instanceType is excluded by AWS (c7i, m7i and r7i 48xlarge)"
}

# Group Policy values override the ones this document writes: a conflicting policy must change first.
$policyVbs = Get-RegistryValue -Path $PolicyKey -Name 'EnableVirtualizationBasedSecurity'
if ($null -ne $policyVbs -and $policyVbs -ne 1) {
  Stop-Run "Group Policy sets EnableVirtualizationBasedSecurity = $policyVbs in $PolicyKey, which overrides this document"
}
$policyLsa = Get-RegistryValue -Path $PolicyKey -Name 'LsaCfgFlags'
if ($null -ne $policyLsa -and $policyLsa -ne $LsaCfgFlags) {
  Stop-Run "Group Policy sets LsaCfgFlags = $policyLsa in $PolicyKey; this document sets $LsaCfgFlags"
}
$policyHvci = Get-RegistryValue -Path $PolicyKey -Name 'HypervisorEnforcedCodeIntegrity'
if ($null -ne $policyHvci -and $policyHvci -ne 0) {
  Stop-Run "Group Policy turns on memory integrity (HypervisorEnforcedCodeIntegrity = $policyHvci in $PolicyKey); AWS requires it off for Credential Guard"
}

# Memory integrity (HVCI) must be off; turned on with UEFI lock, it cannot be turned off (AWS).
$hvciEnabled = Get-RegistryValue -Path $HvciKey -Name 'Enabled'
$hvciLocked = Get-RegistryValue -Path $HvciKey -Name 'Locked'
if ($hvciEnabled -eq 1 -and $hvciLocked -eq 1) {
  Stop-Run 'memory integrity is on with UEFI lock and cannot be turned off: AWS recommends a new instance with memory integrity off'
}

# The settings (Microsoft, "Configure Credential Guard", registry; "Enable memory integrity", registry).
$changed = $false
if (Set-RegistryDword -Path $DeviceGuardKey -Name 'EnableVirtualizationBasedSecurity' -Value 1) {
  $changed = $true
}
if (Set-RegistryDword -Path $DeviceGuardKey -Name 'RequirePlatformSecurityFeatures' -Value $PlatformSecurityFeatures) {
  $changed = $true
}
if (Set-RegistryDword -Path $HvciKey -Name 'Enabled' -Value 0) {
  $changed = $true
}
if (Set-RegistryDword -Path $LsaKey -Name 'LsaCfgFlags' -Value $LsaCfgFlags) {
  $changed = $true
}

$boot = [string]$os.LastBootUpTime
if ($changed) {
  if (-not (Test-Path -Path $StateKey)) {
    New-Item -Path $StateKey -Force | Out-Null
  }
  New-ItemProperty -Path $StateKey -Name $RebootMarker -PropertyType String -Value $boot -Force | Out-Null
  Write-Output 'Credential Guard settings written: asking SSM Agent for a reboot (exit 3010); the document runs again after it'
  exit 3010
}

# Verify (Microsoft: Win32_DeviceGuard SecurityServicesRunning 1 = Credential Guard, 2 = memory integrity).
$guard = Get-CimInstance -ClassName Win32_DeviceGuard -Namespace 'root\Microsoft\Windows\DeviceGuard'
$running = @($guard.SecurityServicesRunning)
if ($running -contains 1 -and $running -notcontains 2) {
  if ($null -ne (Get-RegistryValue -Path $StateKey -Name $RebootMarker)) {
    Remove-ItemProperty -Path $StateKey -Name $RebootMarker
  }
  Write-Output "Credential Guard is running (SecurityServicesRunning: $($running -join ','); LsaCfgFlags $LsaCfgFlags; instance type $instanceType; build $build)"
  exit 0
}

$state = "SecurityServicesRunning: $($running -join ','); VirtualizationBasedSecurityStatus: $($guard.VirtualizationBasedSecurityStatus); AvailableSecurityProperties: $(@($guard.AvailableSecurityProperties) -join ','); RequiredSecurityProperties: $(@($guard.RequiredSecurityProperties) -join ',')"
$requestedAt = Get-RegistryValue -Path $StateKey -Name $RebootMarker
if ($null -eq $requestedAt -or $requestedAt -eq $boot) {
  # The settings are in place but this boot has not applied them: one reboot, remembered across it.
  if (-not (Test-Path -Path $StateKey)) {
    New-Item -Path $StateKey -Force | Out-Null
  }
  New-ItemProperty -Path $StateKey -Name $RebootMarker -PropertyType String -Value $boot -Force | Out-Null
  Write-Output "Credential Guard settings are in place but not running ($state): asking SSM Agent for a reboot (exit 3010)"
  exit 3010
}
if ($running -contains 2) {
  Stop-Run "memory integrity still runs after the reboot, so Credential Guard cannot ($state)"
}
Stop-Run "Credential Guard does not run after the reboot that applied its settings ($state); delete $StateKey\$RebootMarker to allow one more reboot"
