# Which commands the Rocky Linux 9 packages of the runtime stage put on PATH (from the packages' file lists, e.g.
# `rpm -ql openssh-server`), and which packages the rockylinux:9 container image already has (its coreutils-single and
# curl-minimal must not be asked for again: dnf would refuse the conflicting full packages). The image contract test
# reads this to decide whether every command the entrypoint runs exists in the runtime stage.
@{
    BaseImage = @('bash', 'coreutils-single', 'curl-minimal', 'grep', 'sed', 'gawk', 'findutils', 'tar', 'gzip')
    Commands  = @{
        'bash'             = @('bash', 'sh')
        'coreutils-single' = @('basename', 'cat', 'chmod', 'cp', 'cut', 'date', 'dirname', 'env', 'head', 'id', 'ln', 'ls', 'mkdir',
                               'mktemp', 'mv', 'nproc', 'readlink', 'realpath', 'rm', 'seq', 'sleep', 'sort', 'stat', 'tail', 'tee',
                               'timeout', 'touch', 'tr', 'uniq', 'wc')
        'coreutils'        = @('basename', 'cat', 'chmod', 'cp', 'cut', 'date', 'dirname', 'env', 'head', 'id', 'ln', 'ls', 'mkdir',
                               'mktemp', 'mv', 'nproc', 'readlink', 'realpath', 'rm', 'seq', 'sleep', 'sort', 'stat', 'tail', 'tee',
                               'timeout', 'touch', 'tr', 'uniq', 'wc')
        'curl-minimal'     = @('curl')
        'grep'             = @('grep')
        'sed'              = @('sed')
        'gawk'             = @('awk', 'gawk')
        'findutils'        = @('find', 'xargs')
        'diffutils'        = @('cmp', 'diff')
        'hostname'         = @('hostname')
        'which'            = @('which')
        'procps-ng'        = @('ps', 'pgrep', 'pkill')
        'unzip'            = @('unzip')
        'tar'              = @('tar')
        'gzip'             = @('gzip', 'gunzip')
        'python3'          = @('python3')
        'openssh-server'   = @('/usr/sbin/sshd', 'sshd')
        'openssh'          = @('ssh-keygen')
        'openssh-clients'  = @('ssh', 'scp')
    }
}
